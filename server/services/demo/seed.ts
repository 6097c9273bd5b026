/**
 * Demo data: the enterprise 「华星家电服务」 with five sites and one user per
 * role. Idempotent: it does nothing when the demo enterprise already exists.
 * Later capabilities add their own demo data through `demoSeeders`.
 */
import type { Logger } from 'pino';
import type { Store } from '../../store/types';
import type { SenderDeps } from '../campaigns/mailing';
import { createEnterprise, type Enterprise } from '../accounts/enterprises';
import type { Role } from '../accounts/roles';
import { createSite } from '../accounts/sites';
import { insertUser, type User } from '../accounts/users';
import { systemActor, tenantContext, type TenantContext } from '../context';

export const DEMO_ENTERPRISE_CODE = 'huaxing';

export const DEMO_SITES = [
  {
    code: 'BJ01',
    name: '北京朝阳服务中心',
    nameEn: 'Beijing Chaoyang Service Centre',
    city: '北京',
    address: '朝阳区建国路 88 号',
    managerEmail: 'bj01.manager@demo.test',
  },
  {
    code: 'SH01',
    name: '上海浦东服务中心',
    nameEn: 'Shanghai Pudong Service Centre',
    city: '上海',
    address: '浦东新区张杨路 500 号',
    managerEmail: 'sh01.manager@demo.test',
  },
  {
    code: 'GZ01',
    name: '广州天河服务中心',
    nameEn: 'Guangzhou Tianhe Service Centre',
    city: '广州',
    address: '天河区天河路 208 号',
    managerEmail: 'gz01.manager@demo.test',
  },
  {
    code: 'CD01',
    name: '成都武侯服务中心',
    nameEn: 'Chengdu Wuhou Service Centre',
    city: '成都',
    address: '武侯区人民南路 4 段 1 号',
    managerEmail: 'cd01.manager@demo.test',
  },
  {
    code: 'WH01',
    name: '武汉江汉服务中心',
    nameEn: 'Wuhan Jianghan Service Centre',
    city: '武汉',
    address: '江汉区解放大道 688 号',
    managerEmail: 'wh01.manager@demo.test',
  },
];

/** `siteCode`: the one demo site a site-confined user sees. */
export const DEMO_USERS: { email: string; name: string; role: Role; siteCode?: string }[] = [
  { email: 'operator@demo.test', name: '平台运营 王敏', role: 'operator' },
  { email: 'admin@demo.test', name: '管理员 李华', role: 'admin' },
  { email: 'analyst@demo.test', name: '分析员 张伟', role: 'analyst' },
  { email: 'agent@demo.test', name: '坐席 刘洋', role: 'agent' },
  { email: 'shopper@demo.test', name: '神秘顾客 陈静', role: 'shopper' },
  { email: 'reviewer@demo.test', name: '质检 杨帆', role: 'reviewer' },
  { email: 'auditor@demo.test', name: '审核员 赵磊', role: 'auditor' },
  // One site manager per demo site, at the site's manager address: its alert mails reach them once.
  { email: 'bj01.manager@demo.test', name: '网点负责人 孙丽', role: 'siteManager', siteCode: 'BJ01' },
  { email: 'sh01.manager@demo.test', name: '网点负责人 周强', role: 'siteManager', siteCode: 'SH01' },
  { email: 'gz01.manager@demo.test', name: '网点负责人 吴芳', role: 'siteManager', siteCode: 'GZ01' },
  { email: 'cd01.manager@demo.test', name: '网点负责人 郑凯', role: 'siteManager', siteCode: 'CD01' },
  { email: 'wh01.manager@demo.test', name: '网点负责人 何静', role: 'siteManager', siteCode: 'WH01' },
];

/**
 * What the running app lends the seed: its mailer and link origin, so the demo's
 * current invitations go out the way the app sends them (into the outbox when
 * no SMTP server is set). Without it they are left due for the campaign job.
 */
export interface DemoEnv {
  mail?: SenderDeps;
}

/** A step that adds one capability's demo data inside the demo enterprise. */
export type DemoSeeder = (ctx: TenantContext, log: Logger, env: DemoEnv) => Promise<void>;
export const demoSeeders: { name: string; run: DemoSeeder }[] = [];

export interface SeedStep {
  name: string;
  ms: number;
}

/** Runs the seed; `onStep` hears each finished step (for a progress bar), the result lists their durations. */
export async function seedDemo(
  store: Store,
  password: string,
  log: Logger,
  onStep?: (done: number, total: number, step: string) => void,
  env: DemoEnv = {},
): Promise<{ created: boolean; steps?: SeedStep[] }> {
  const existing = await store.collection<Enterprise>('enterprises').findOne({ code: DEMO_ENTERPRISE_CODE });
  if (existing) return { created: false };

  await insertUser(store, { ...DEMO_USERS[0], password, enterpriseId: null });
  const operator = (await store.collection<User>('users').findOne({ email: DEMO_USERS[0].email }))!;
  const admin = DEMO_USERS[1];
  const { enterprise } = await createEnterprise(
    store,
    { userId: operator._id, role: 'operator', enterpriseId: null, via: 'system' },
    {
      code: DEMO_ENTERPRISE_CODE,
      name: '华星家电服务',
      nameEn: 'Huaxing Appliance Service',
      tzOffsetMinutes: 480,
      admin: { email: admin.email, name: admin.name, password },
    },
  );
  const ctx = tenantContext(store, systemActor(enterprise._id));
  const siteIds = new Map<string, string>();
  for (const site of DEMO_SITES) siteIds.set(site.code, (await createSite(ctx, site))._id);
  for (const { siteCode, ...user } of DEMO_USERS.slice(2)) {
    await insertUser(store, { ...user, password, enterpriseId: enterprise._id, ...(siteCode ? { siteIds: [siteIds.get(siteCode)!] } : {}) });
  }
  const total = demoSeeders.length + 1;
  onStep?.(1, total, 'accounts');

  const steps: SeedStep[] = [];
  for (const [i, seeder] of demoSeeders.entries()) {
    log.debug({ seeder: seeder.name }, 'seeding demo data');
    const started = Date.now();
    await seeder.run(ctx, log, env);
    steps.push({ name: seeder.name, ms: Date.now() - started });
    onStep?.(i + 2, total, seeder.name);
  }
  return { created: true, steps };
}
