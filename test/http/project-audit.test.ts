/**
 * Point overrides are keyed by indicator codes, which hold dots: saving them
 * through PUT /api/v1/project answers 200, keeps them, and logs the change
 * (the codes kept as values, never as document keys); the log page lists it.
 */
import { storableDetail, storableKey } from '../../server/services/auditLog';
import { loginAgent } from '../helpers/world';
import { worldForFile } from '../helpers/fileWorld';

const fixture = worldForFile();

const overrides = { 'execution.repair.repair': 7.5, 'execution.repair.facilities': 5, 'execution.repair.support': 5 };
const visible = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

test('PUT /api/v1/project with point overrides saves them and logs the change with their codes', async () => {
  const admin = await loginAgent(fixture.world.app, fixture.tenant.admin.email);
  const res = await admin.put('/api/v1/project').send({ target: 85, pointOverrides: overrides });
  expect(res.status).toBe(200);
  expect((await admin.get('/api/v1/project').expect(200)).body.project).toMatchObject({ target: 85, pointOverrides: overrides });

  const { entries } = (await admin.get('/api/v1/audit-log').expect(200)).body as {
    entries: Array<{ action: string; detail: Record<string, Record<string, unknown>> }>;
  };
  const entry = entries.find((e) => e.action === 'project.update')!;
  expect(entry.detail.after).toEqual({ target: 85, pointOverrides: Object.entries(overrides).map(([code, points]) => ({ code, points })) });
  expect(entry.detail.before).toEqual({ target: 80, pointOverrides: [] });

  const page = await admin.get('/admin/audit-log?action=project.update').expect(200);
  expect(visible(page.text)).toContain('修改认证项目');
});

test('keys a document may not hold are escaped in a detail, and read back with decodeURIComponent', () => {
  for (const key of ['internal.culture.philosophy', '$where', '100%', '__proto__', 'constructor', 'plain_key']) {
    const stored = storableKey(key);
    expect([key, /[.]|^\$|^(__proto__|constructor|prototype)$/.test(stored)]).toEqual([key, false]);
    expect(decodeURIComponent(stored)).toBe(key);
  }
  expect(storableDetail({ after: { ids: [{ 'a.b': 1 }], n: 2 } })).toEqual({ after: { ids: [{ 'a%2Eb': 1 }], n: 2 } });
});
