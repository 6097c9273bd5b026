/**
 * A damaged file of an earlier release's folder outbox (a truncated write, a
 * disk fault) spoils that message only when the outbox moves into the store at
 * start-up: the others move whole, it shows as unreadable to its own
 * enterprise, nobody else sees it, an entry naming no enterprise stays on disk,
 * and each fault is reported once per move.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { moveFolderOutbox } from '../../server/mail/folderOutbox';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let a: Tenant;
let b: Tenant;
const faults: Array<{ file: string; problem: string }> = [];

beforeAll(async () => {
  world = await buildWorld();
  a = await buildTenant(world.store);
  b = await buildTenant(world.store);
});
afterAll(() => world.close());

const visible = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
const dir = () => path.join(world.dir, 'outbox');
const file = (id: string, ext: string) => path.join(dir(), `${id}.${ext}`);
let sequence = 0;

/** The three files an earlier release wrote for one message. */
function oldMessage(tenant: Tenant, subject: string): string {
  fs.mkdirSync(dir(), { recursive: true });
  const id = `${Date.now() + sequence++}-${crypto.randomUUID()}`;
  const at = new Date().toISOString();
  fs.writeFileSync(
    file(id, 'eml'),
    `From: ServiceStar <no-reply@servicestar.local>\nTo: kh@example.com\nSubject: ${Buffer.from(subject).toString('base64')}\n\n${subject} body\n`,
  );
  fs.writeFileSync(file(id, 'parts'), JSON.stringify({ from: 'no-reply@servicestar.local', text: `${subject} 正文` }));
  fs.writeFileSync(file(id, 'json'), JSON.stringify({ id, enterpriseId: tenant.enterpriseId, to: 'kh@example.com', subject, at }));
  return id;
}

const report = (fault: { file: string; problem: string }) => faults.push(fault);

test('a truncated index file moves in as one unreadable message of its enterprise; the rest move whole; an empty one stays on disk', async () => {
  oldMessage(a, '邀请一');
  const truncated = oldMessage(a, '邀请二');
  oldMessage(a, '邀请三');
  const emptied = oldMessage(b, '乙方邀请甲');
  oldMessage(b, '乙方邀请乙');
  const index = fs.readFileSync(file(truncated, 'json'), 'utf8');
  fs.writeFileSync(file(truncated, 'json'), index.slice(0, index.indexOf('"to"') + 6));
  fs.writeFileSync(file(emptied, 'json'), '');

  expect(await moveFolderOutbox(world.store, world.dir, report)).toEqual({ moved: 3, unreadable: 2 });
  // Reported once each; a second start moves nothing again and reports only what is still left on disk.
  expect(faults.map((f) => path.basename(f.file)).sort()).toEqual([`${emptied}.json`, `${truncated}.json`].sort());
  expect(faults.every((f) => f.problem.length > 0)).toBe(true);
  faults.length = 0;
  expect(await moveFolderOutbox(world.store, world.dir, report)).toEqual({ moved: 0, unreadable: 1 });
  expect(faults.map((f) => path.basename(f.file))).toEqual([`${emptied}.json`]);
  expect(fs.existsSync(file(emptied, 'eml'))).toBe(true);

  const adminA = await loginAgent(world.app, a.admin.email);
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
  const adminB = await loginAgent(world.app, b.admin.email);
  const pageB = visible((await adminB.get('/admin/outbox?lang=zh-CN').expect(200)).text);
  expect(pageB).toContain('乙方邀请乙');
  expect(pageB).not.toContain('无法读取');
  await adminB.get(`/admin/outbox/${truncated}`).expect(404);
  await adminB.get(`/admin/outbox/${emptied}`).expect(404);
});

test('damaged readable parts leave the message page up, with its raw source offered', async () => {
  const id = oldMessage(a, '部件损坏');
  fs.writeFileSync(file(id, 'parts'), '{"from":"no-reply@x","te');
  faults.length = 0;
  await moveFolderOutbox(world.store, world.dir, report);
  const admin = await loginAgent(world.app, a.admin.email);
  const page = await admin.get(`/admin/outbox/${id}?lang=zh-CN`).expect(200);
  expect(visible(page.text)).toContain('部件损坏');
  expect(page.text).toContain(`href="/admin/outbox/${id}/raw"`);
  expect(faults.map((f) => path.basename(f.file))).toContain(`${id}.parts`);
});
