/**
 * Methods in the reader's language, and no development text anywhere a user
 * reads: every dashboard page, the audit report, an audit's projection and the
 * report PDF (printed by Chromium, read back with pdftotext), in Chinese and in
 * English, carry no repository path or development note; the Chinese ones
 * carry no English sentence (formulas included).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { actorOf } from '../../server/services/accounts/users';
import { createAudit } from '../../server/services/audits/audits';
import { tenantContext } from '../../server/services/context';
import { SCREENSHOT_DIR } from '../helpers/browser';
import { seedDashboardSample } from '../helpers/dashboard-sample';
import { publishAll } from '../helpers/dashboard';
import { devStringsIn, englishSentencesIn, visibleText } from '../helpers/devText';
import { type E2E, startE2E } from '../helpers/e2e';

let e2e: E2E;
let auditId: string;

beforeAll(async () => {
  e2e = await startE2E(async (tenant, world) => {
    await publishAll(tenant);
    await seedDashboardSample(tenant.ctx, pino({ level: 'silent' }));
    const auditor = tenantContext(world.store, actorOf(tenant.users.auditor!));
    auditId = (await createAudit(auditor, { kind: 'stage1', plannedDate: new Date().toISOString().slice(0, 10) }))._id;
  });
});
afterAll(() => e2e?.close());

const PAGES = ['/dashboard', '/dashboard/sites', '/dashboard/indicators', '/dashboard/channels', '/reports/audit'];

test('the helpers catch what they are meant to catch', () => {
  expect(devStringsIn('完整公式与算例见 docs/scoring.md。')).toEqual(['docs/scoring.md', 'scoring.md']);
  expect(devStringsIn('Certification body pages (shared/seeds)')).toEqual(['shared/seeds']);
  expect(englishSentencesIn('CPSQ = Σ W_c·S(c) over channels with data. Correlation between indicators is ignored.')).toEqual([
    'Correlation between indicators is ignored',
  ]);
  expect(englishSentencesIn('顾客感知服务质量指数 CPSQ · NPS · CSAT')).toEqual([]);
});

test('no page carries a development string, and no Chinese page an English sentence', async () => {
  const agent = await e2e.apiAs(e2e.tenant.users.admin!.email);
  const paths = [...PAGES, `/audits/${auditId}/projection`, `/reports/audit?audit=${auditId}`];
  const found: Record<string, string[]> = {};
  for (const p of paths) {
    for (const lang of ['zh-CN', 'en']) {
      const html = (await agent.get(`${p}${p.includes('?') ? '&' : '?'}lang=${lang}`).expect(200)).text;
      // Paths are checked in the whole page (the data embedded for the charts included); sentences in what is read.
      const bad = [...devStringsIn(html), ...(lang === 'zh-CN' ? englishSentencesIn(visibleText(html)) : [])];
      if (bad.length) found[`${p} ${lang}`] = bad;
    }
  }
  expect(found).toEqual({});
  // The method sections are there, in each language.
  const zh = visibleText((await agent.get('/dashboard?lang=zh-CN').expect(200)).text);
  expect(zh).toContain('CPSQ = Σ W_c·S(c) / Σ W_c（仅计有数据的渠道）');
  expect(zh).toContain('两边都是单一渠道的平均分时用 Welch 检验');
  const en = visibleText((await agent.get('/dashboard?lang=en').expect(200)).text);
  expect(en).toContain("When both sides are one channel's mean, Welch's test applies");
}, 180_000);

test('the report PDF carries no development string, in Chinese and in English, and its Chinese method section is Chinese', async () => {
  const agent = await e2e.apiAs(e2e.tenant.users.analyst!.email);
  const pdfText = async (lang: string) => {
    const res = await agent
      .get(`/reports/audit.pdf?lang=${lang}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `methods-language-${lang}.pdf`);
    fs.writeFileSync(file, res.body as Buffer);
    return execFileSync('pdftotext', [file, '-']).toString('utf8');
  };
  const zh = await pdfText('zh-CN');
  expect(zh).toContain('计算方法');
  expect(devStringsIn(zh)).toEqual([]);
  expect(englishSentencesIn(zh.replace(/\s+/g, ' '))).toEqual([]);
  expect(zh.replace(/\s+/g, '')).toContain('依据：行业标准SB/T10401');
  const en = await pdfText('en');
  expect(devStringsIn(en)).toEqual([]);
  expect(en.replace(/\s+/g, ' ')).toContain('Sources: the structure of 4 levels, 8 items and 27 indicators');
}, 240_000);
