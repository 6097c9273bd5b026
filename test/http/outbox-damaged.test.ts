/**
 * A damaged outbox file (a truncated write, a disk fault) spoils that message
 * only: the outbox lists the others and shows it as unreadable to its own
 * enterprise, nobody else sees it, and the fault is logged once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { composeApp } from '../../server/compose';
import { createMailer } from '../../server/mail/transport';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let app: World['app'];
let a: Tenant;
let b: Tenant;
const faults: Array<{ file: string; problem: string }> = [];

beforeAll(async () => {
  world = await buildWorld();
  const mailer = createMailer({ from: world.deps.config.mailFrom, dataDir: world.dir, onDamagedFile: (fault) => faults.push(fault) });
  world.deps = { ...world.deps, mailer };
  app = composeApp(world.deps).app;
  a = await buildTenant(world.store);
  b = await buildTenant(world.store);
});
afterAll(() => world.close());

const visible = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
const send = (tenant: Tenant, subject: string) => world.deps.mailer.send({ enterpriseId: tenant.enterpriseId, to: 'kh@example.com', subject, text: `${subject} 正文` });
const file = (id: string, ext: string) => path.join(world.dir, 'outbox', `${id}.${ext}`);

test('a truncated index file shows as one unreadable message to its enterprise; the rest list normally', async () => {
  await send(a, '邀请一');
  const { id: truncated } = await send(a, '邀请二');
  await send(a, '邀请三');
  const { id: emptied } = await send(b, '乙方邀请甲');
  await send(b, '乙方邀请乙');
  const index = fs.readFileSync(file(truncated, 'json'), 'utf8');
  fs.writeFileSync(file(truncated, 'json'), index.slice(0, index.indexOf('"to"') + 6));
  fs.writeFileSync(file(emptied, 'json'), '');

  const adminA = await loginAgent(app, a.admin.email);
  for (const lang of ['zh-CN', 'en']) {
    const page = await adminA.get(`/admin/outbox?lang=${lang}`).expect(200);
    const text = visible(page.text);
    expect(text).toContain('邀请一');
    expect(text).toContain('邀请三');
    expect(text).not.toContain('邀请二');
    expect(text).toContain(lang === 'en' ? 'The record of this message cannot be read' : '无法读取这封邮件的记录');
    expect(page.text).toContain(`href="/admin/outbox/${truncated}"`);
    expect(text).not.toContain('乙方');
  }

  // Its own page says what happened and still offers the raw message, which is whole.
  const own = await adminA.get(`/admin/outbox/${truncated}?lang=zh-CN`).expect(200);
  expect(visible(own.text)).toContain('这封邮件的记录文件已损坏');
  expect((await adminA.get(`/admin/outbox/${truncated}/raw`).expect(200)).text).toMatch(/^Subject: /m);

  // An empty index names no enterprise: it is listed to no one, and the other enterprise's list is intact.
  const adminB = await loginAgent(app, b.admin.email);
  const pageB = visible((await adminB.get('/admin/outbox?lang=zh-CN').expect(200)).text);
  expect(pageB).toContain('乙方邀请乙');
  expect(pageB).not.toContain('无法读取');
  await adminB.get(`/admin/outbox/${truncated}`).expect(404);
  await adminB.get(`/admin/outbox/${emptied}`).expect(404);

  // Logged once per file, however often the page is read.
  expect(faults.map((f) => path.basename(f.file)).sort()).toEqual([`${emptied}.json`, `${truncated}.json`].sort());
  expect(faults.every((f) => f.problem.length > 0)).toBe(true);
});

test('damaged readable parts leave the message page up, with its raw source offered', async () => {
  const { id } = await send(a, '部件损坏');
  fs.writeFileSync(file(id, 'parts'), '{"from":"no-reply@x","te');
  const admin = await loginAgent(app, a.admin.email);
  const page = await admin.get(`/admin/outbox/${id}?lang=zh-CN`).expect(200);
  expect(visible(page.text)).toContain('部件损坏');
  expect(page.text).toContain(`href="/admin/outbox/${id}/raw"`);
  expect(faults.map((f) => path.basename(f.file))).toContain(`${id}.parts`);
});
