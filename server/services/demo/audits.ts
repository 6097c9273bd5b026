/**
 * Demo data: a stage-1 audit in progress at every demo site, with on-site
 * results that vary as real sites do (BJ01 strong; WH01 weaker, with two
 * nonconformities and a special deduction), and the certification timeline
 * up to document review.
 */
import type { Logger } from 'pino';
import type { User } from '../accounts/users';
import { addDeduction, setBonus } from '../audits/adjustments';
import { createAudit } from '../audits/audits';
import { todayOf } from '../audits/dates';
import { type EntryInput, saveSiteResults } from '../audits/entries';
import { recordStage } from '../audits/timeline';
import { listSites } from '../accounts/sites';
import { tenantContext, type TenantContext } from '../context';
import { getCatalogue } from '../catalogues';
import { addDays } from '../calendar';

interface SiteProfile {
  /** Entries other than "met", by indicator code. */
  results: Record<string, EntryInput>;
  bonus?: { points: number; reason: string };
  deductions?: string[];
}

const part = (fraction: number, reason: string): EntryInput => ({ status: 'fraction', fraction, reason });
const noDelivery: EntryInput = { status: 'na', reason: '本中心只做维修，不承担配送安装' };

/** In site order BJ01, SH01, GZ01, CD01, WH01; other enterprises' sites take them in turn. */
function profiles(today: string): Array<[string, SiteProfile]> {
  return [
    [
      'BJ01',
      {
        results: { 'internal.system.investment': part(0.9, '备件库存周转略低于年度目标'), 'execution.delivery.packaging': noDelivery },
        bonus: { points: 0.5, reason: '获全国家电服务技能大赛团体二等奖' },
      },
    ],
    [
      'SH01',
      {
        results: {
          'internal.rules.supervision': part(0.8, '奖惩记录未覆盖两家外包网点'),
          'execution.repair.facilities': part(0.85, '2 台检测仪器校准标签过期'),
          'followup.customers.relationship': part(0.9, '会员回访记录不完整'),
        },
      },
    ],
    [
      'GZ01',
      {
        results: {
          'internal.culture.goals': part(0.7, '年度服务目标未分解到班组'),
          'internal.system.training': part(0.75, '2 名新员工缺少培训考核记录'),
          'execution.delivery.installation': part(0.8, '安装验收单客户签字不全'),
          'followup.complaints.handling': part(0.8, '3 件投诉超过承诺时限处理'),
          'improvement.improvement.management': { status: 'notMet', reason: '未开展年度管理评审' },
        },
      },
    ],
    [
      'CD01',
      {
        results: {
          'internal.rules.management': part(0.7, '制度文件版本控制不规范'),
          'internal.system.staffing': part(0.8, '旺季技师配置不足'),
          'execution.repair.support': part(0.75, '技术资料库更新滞后'),
          'followup.customers.channels': part(0.8, '在线客服夜间无人值守'),
          'improvement.improvement.product': part(0.6, '质量问题反馈厂家无闭环记录'),
          'execution.delivery.packaging': noDelivery,
        },
      },
    ],
    [
      'WH01',
      {
        results: {
          'followup.complaints.records': {
            status: 'notMet',
            reason: '投诉记录缺少处理结果',
            nonconformity: {
              note: '投诉记录不完整：抽查 20 份中 7 份缺少处理结果与回访记录',
              evidence: '抽查近 3 个月投诉登记表 20 份',
              dueDate: addDays(today, 30),
            },
          },
          'internal.system.training': {
            status: 'fraction',
            fraction: 0.5,
            reason: '年度培训计划执行不足一半',
            nonconformity: { note: '维修技师年度培训未按计划实施', evidence: '12 名技师中 5 名无当年培训签到记录', dueDate: addDays(today, 60) },
          },
          'internal.rules.supervision': part(0.6, '服务质量检查未按月开展'),
          'internal.culture.strategy': part(0.7, '服务策略未在网点公示'),
          'execution.repair.facilities': part(0.7, '维修工位不足，配件区未分区'),
          'followup.complaints.handling': part(0.6, '投诉处理平均超时 2 天'),
          'improvement.improvement.service': { status: 'notMet', reason: '无服务改进计划与跟踪记录' },
        },
        deductions: ['经核实的重大投诉：空调维修后二次故障未及时处理，客户投诉至消费者协会'],
      },
    ],
  ];
}

async function auditorContext(ctx: TenantContext): Promise<TenantContext> {
  const auditor = await ctx.root.collection<User>('users').findOne({ enterpriseId: ctx.actor.enterpriseId, role: 'auditor' });
  return tenantContext(ctx.root, { userId: auditor?._id ?? 'system', role: 'auditor', enterpriseId: ctx.actor.enterpriseId, via: 'system' });
}

export async function seedDemoAudit(ctx: TenantContext, log: Logger): Promise<void> {
  if (await ctx.store.collection('audits').count({})) return; // seeded already
  const auditor = await auditorContext(ctx);
  const today = await todayOf(ctx);
  await recordStage(auditor, 'application', { status: 'done', date: addDays(today, -60), note: '多场所认证申请（5 个服务中心）' });
  await recordStage(auditor, 'documentReview', { status: 'done', date: addDays(today, -30), note: '服务手册、投诉处理制度等文件审核通过' });
  const audit = await createAudit(auditor, { kind: 'stage1', plannedDate: today, note: '一阶段现场审核：各服务中心现场检查与记录抽查' });
  const indicators = getCatalogue(audit.catalogue.code, audit.catalogue.version).indicators.map((n) => n.code);
  const all = profiles(today);
  const sites = await listSites(ctx);
  for (const [i, site] of sites.entries()) {
    const profile = (all.find(([code]) => code === site.code) ?? all[i % all.length])[1];
    const changes = indicators.map((code) => ({ code, entry: profile.results[code] ?? { status: 'met' as const } }));
    await saveSiteResults(auditor, audit._id, site._id, changes);
    if (profile.bonus) await setBonus(auditor, audit._id, site._id, profile.bonus);
    for (const [n, reason] of (profile.deductions ?? []).entries()) {
      await addDeduction(auditor, audit._id, site._id, { reason }, `demo-deduction-${site.code}-${n}`);
    }
  }
  log.info({ audit: audit._id, sites: sites.length }, 'demo stage-1 audit seeded');
}
