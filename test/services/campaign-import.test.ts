/**
 * Recipient imports: row errors that name row, field and rule; nothing
 * imported from a file with errors; GBK and UTF-8 files; de-duplication;
 * all-or-nothing commits; and a large file staged and committed in batches
 * with progress (its speed at 100,000 rows: npm run bench:import).
 */
import crypto from 'node:crypto';
import iconv from 'iconv-lite';
import { commitImport, importRecipients, stageImport } from '../../server/services/campaigns/imports';
import type { Recipient } from '../../server/services/campaigns/types';
import { buildCampaign } from '../helpers/campaigns';
import { buildTenant, buildWorld } from '../helpers/world';
import { worldForFile } from '../helpers/fileWorld';

const fixture = worldForFile();

const emptyCampaign = async () => (await buildCampaign(fixture.tenant, { recipients: [{ email: 'seed@example.com', siteCode: 'S1' }] })).campaign;
const recipientsOf = (campaignId: string) => fixture.world.store.collection<Recipient>('recipients').find({ campaignId }, { sort: { row: 1 } });
const csv = (text: string) => ({ kind: 'csv' as const, buffer: Buffer.from(text, 'utf8'), fileName: 'list.csv' });

test('reports every bad row with its row number, field and rule, and imports nothing', async () => {
  const campaign = await emptyCampaign();
  const file = [
    'name,email,phone,site_code,case_id,service_date',
    '张三,zhang@example.com,138 0013 8000,S1,C1,2026-01-05',
    '李四,not-an-email,,S1,C2,2026-01-05',
    '王五,,12345,S2,C3,',
    '赵六,zhao@example.com,,XX9,C4,',
    '钱七,qian@example.com,,,C5,',
    '孙八,,,S1,C6,',
    '周九,zhou@example.com,,S2,C7,2999-01-01',
    '吴十,wu@example.com,,S2,C8,2026-02-30',
  ].join('\n');
  const staged = await stageImport(fixture.tenant.ctx, campaign._id, csv(file));
  expect(staged.errors).toEqual([
    { row: 3, field: 'email', rule: 'must be an email address such as name@example.com', code: 'email' },
    { row: 4, field: 'phone', rule: 'must be a mainland mobile number: 11 digits starting 13–19', code: 'mobile' },
    { row: 5, field: 'site_code', rule: 'must be a site of this campaign (S1, S2)', code: 'siteNotInCampaign', params: { sites: 'S1, S2' } },
    { row: 6, field: 'site_code', rule: 'is required', code: 'required' },
    { row: 7, field: 'email', rule: 'email or phone is required', code: 'contactRequired' },
    { row: 8, field: 'service_date', rule: 'must not be in the future', code: 'futureDate' },
    { row: 9, field: 'service_date', rule: 'must be a date as YYYY-MM-DD', code: 'date' },
  ]);
  expect(staged).toMatchObject({ rows: 8, valid: 1, errorCount: 7, chunks: 0 });
  await expect(commitImport(fixture.tenant.ctx, campaign._id, staged._id)).rejects.toMatchObject({ status: 409 });
  expect(await recipientsOf(campaign._id)).toHaveLength(1);
});

test('a missing column is one row-1 error; an empty or broken file is refused', async () => {
  const campaign = await emptyCampaign();
  const noSite = await stageImport(fixture.tenant.ctx, campaign._id, csv('name,email\n张三,z@example.com\n'));
  expect(noSite.errors).toEqual([{ row: 1, field: 'header', rule: 'missing column site_code (网点代码)', code: 'missingSiteColumn' }]);
  const noContact = await stageImport(fixture.tenant.ctx, campaign._id, csv('name,site_code\n张三,S1\n'));
  expect(noContact.errors).toEqual([{ row: 1, field: 'header', rule: 'missing column email (邮箱) or phone (手机)', code: 'missingContactColumn' }]);
  const empty = await stageImport(fixture.tenant.ctx, campaign._id, csv(''));
  expect(empty.errors[0]).toMatchObject({ row: 1, field: 'file', code: 'emptyFile' });
  await expect(stageImport(fixture.tenant.ctx, campaign._id, csv('email,site_code\n"a@example.com,S1\n'))).rejects.toMatchObject({
    status: 400,
    field: 'file',
    message: expect.stringMatching(/^file: line 2: /),
  });
});

test('reads GBK files from Excel on Chinese Windows, UTF-8 with BOM, Chinese headers and tabs', async () => {
  const campaign = await emptyCampaign();
  const text = '姓名,邮箱,手机,网点代码,工单号,服务日期\r\n陈静,chen@example.com,+86 139-0013-9000,s1,维修-001,2026/3/7\r\n';
  const gbk = await importRecipients(fixture.tenant.ctx, campaign._id, { kind: 'csv', buffer: iconv.encode(text, 'gbk') });
  expect(gbk).toMatchObject({ encoding: 'gbk', state: 'done', inserted: 1, errorCount: 0 });
  const bom = await importRecipients(fixture.tenant.ctx, campaign._id, {
    kind: 'csv',
    buffer: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('姓名\t手机\t网点\n林峰\t13700137000\tS2\n')]),
  });
  expect(bom).toMatchObject({ encoding: 'utf-8', inserted: 1 });
  const rows = await recipientsOf(campaign._id);
  expect(rows.find((r) => r.email === 'chen@example.com')).toMatchObject({
    name: '陈静',
    phone: '13900139000',
    siteCode: 'S1',
    caseId: '维修-001',
    serviceDate: '2026-03-07',
  });
  expect(rows.find((r) => r.phone === '13700137000')).toMatchObject({ name: '林峰', siteCode: 'S2' });
  // Forced UTF-8 on a GBK file is refused rather than read as mojibake.
  await expect(stageImport(fixture.tenant.ctx, campaign._id, { kind: 'csv', buffer: iconv.encode(text, 'gbk'), encoding: 'utf-8' })).rejects.toMatchObject({
    status: 400,
    field: 'file',
  });
});

test('skips duplicates: same email or phone with the same case id, in the file or already in the campaign', async () => {
  const campaign = await emptyCampaign();
  const file = [
    'email,phone,site_code,case_id',
    'a@example.com,,S1,C1',
    'A@Example.com,,S1,C1',
    'a@example.com,,S1,C2',
    ',13800138000,S2,C9',
    'other@example.com,13800138000,S2,C9',
    'seed@example.com,,S1,',
  ].join('\n');
  const staged = await stageImport(fixture.tenant.ctx, campaign._id, csv(file));
  expect(staged.duplicates).toEqual([
    { row: 3, sameAs: 2 },
    { row: 6, sameAs: 5 },
    { row: 7, sameAs: 0 },
  ]);
  const done = await commitImport(fixture.tenant.ctx, campaign._id, staged._id);
  expect(done).toMatchObject({ state: 'done', inserted: 3, duplicateCount: 3 });
  // The same file again adds nobody.
  const again = await stageImport(fixture.tenant.ctx, campaign._id, csv(file));
  expect(again).toMatchObject({ valid: 0, duplicateCount: 6 });
  expect(await recipientsOf(campaign._id)).toHaveLength(4);
});

test('a commit that fails part-way keeps none of its rows', async () => {
  const campaign = await emptyCampaign();
  const lines = ['email,site_code,case_id', ...Array.from({ length: 2500 }, (_, i) => `p${i}@example.com,S1,K${i}`)];
  const staged = await stageImport(fixture.tenant.ctx, campaign._id, csv(lines.join('\n')));
  expect(staged.chunks).toBe(3);
  // Another writer takes row 2,200's key after staging (as a parallel import would): the third batch fails.
  const key = crypto.createHash('sha256').update('p2199@example.com|K2199').digest('base64url');
  await fixture.tenant.ctx.store
    .collection('recipients')
    .insertOne({ _id: 'intruder', campaignId: campaign._id, emailKey: key, phoneKey: '-intruder', token: 'intruder-token' });
  await expect(commitImport(fixture.tenant.ctx, campaign._id, staged._id)).rejects.toThrow(/duplicate key/);
  const after = await recipientsOf(campaign._id);
  expect(after.map((r) => r._id).sort()).toEqual(['intruder', expect.any(String)].sort());
  expect(after.filter((r) => r.importId === staged._id)).toHaveLength(0);
  expect(await fixture.tenant.ctx.store.collection('recipientImports').findOne({ _id: staged._id })).toMatchObject({ state: 'failed', inserted: 0 });
});

test('imports a large file in batches of 1,000, reporting progress after each batch', async () => {
  // A store of its own, as a new enterprise's first big list would meet.
  const own = await buildWorld();
  const ownTenant = await buildTenant(own.store);
  const { campaign } = await buildCampaign(ownTenant, { recipients: [{ email: 'seed@example.com', siteCode: 'S1' }] });
  const rows = 12_345;
  const lines = ['name,email,phone,site_code,case_id,service_date'];
  for (let i = 0; i < rows; i += 1)
    lines.push(`顾客${i},customer${i}@example.com,13${String(i).padStart(9, '0')},S${(i % 2) + 1},WX-${i},2026-01-${String((i % 28) + 1).padStart(2, '0')}`);
  const progress: number[] = [];
  const done = await importRecipients(
    ownTenant.ctx,
    campaign._id,
    { kind: 'csv', buffer: Buffer.from(lines.join('\n')) },
    { onProgress: (n, _total, phase) => phase === 'import' && progress.push(n) },
  );
  expect(done).toMatchObject({ state: 'done', rows, inserted: rows, errorCount: 0 });
  // One report per committed batch of 1,000, the last one partial.
  expect(progress).toEqual([...Array.from({ length: 12 }, (_, k) => (k + 1) * 1000), rows]);
  expect(await ownTenant.ctx.store.collection('recipients').count({ campaignId: campaign._id })).toBe(rows + 1);
  await own.close();
});
