import iconv from 'iconv-lite';
import { ValidationError } from '../../server/errors';
import { addCases, importCases } from '../../server/services/calls/cases';
import { caseRecords } from '../../server/services/calls/csv';
import { decodeCsv } from '../../server/services/spreadsheet';
import { importCaseFile } from '../../server/services/calls/imports';
import { maskPhone, normalisePhone } from '../../server/services/calls/phone';
import { worldForFile } from '../helpers/fileWorld';

const fixture = worldForFile();

const HEADER = 'case_id,site_code,customer_name,phone,service_type,service_date';

describe('phone numbers', () => {
  test.each([
    ['138 1234 5678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['0086 13812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['010-12345678', '010-12345678'],
    ['(021) 6234 5678', '021-62345678'],
    ['02062345678', '020-62345678'],
    ['0755-2345678', '0755-2345678'],
    ['0571 8888 6666 转 123', '0571-88886666-123'],
  ])('accepts %s as %s', (raw, normal) => {
    expect(normalisePhone(raw)).toBe(normal);
  });

  test.each(['12812345678', '1381234567', '138123456789', '12345', '400-123-4567', '010-0234567', 'abc', '138-1234-5678 转 12'])('refuses %s', (raw) => {
    expect(normalisePhone(raw)).toBeNull();
  });

  test('masks all but the first three and last four digits, landlines after the area code', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('010-12345678')).toBe('010-****5678');
    expect(maskPhone('0571-88886666-123')).toBe('0571-****6666');
  });
});

describe('CSV import', () => {
  test('reports each bad row with row, field and rule, and stores the good rows', async () => {
    const csv = [
      HEADER,
      'A-1,S1,张三,138 0000 0001,维修,2024-03-05',
      'A-2,XX,李四,13800000002,安装,2024-03-05',
      'A-3,S2,王五,12345,安装,2024/3/5',
      'A-4,S1,,13800000004,维修,2024-02-30',
      'A-5,s2,赵六,010-62345678,保养,2999-01-01',
      'A-6,S2,钱七,021 6234 5678,安装,2024.3.7',
    ].join('\n');
    const summary = await importCases(fixture.tenant.ctx, caseRecords(csv), { source: 'csv' });
    expect(summary).toMatchObject({ rows: 6, created: 2, errorCount: 5 });
    expect(summary.errors).toEqual([
      { row: 3, field: 'site_code', rule: 'must be one of your site codes (S1, S2)', code: 'siteNotYours', params: { sites: 'S1, S2' } },
      { row: 4, field: 'phone', rule: expect.stringContaining('must be a mainland mobile'), code: 'phone' },
      { row: 5, field: 'customer_name', rule: 'is required', code: 'required' },
      { row: 5, field: 'service_date', rule: 'must be a date as YYYY-MM-DD', code: 'date' },
      { row: 6, field: 'service_date', rule: 'must not be in the future', code: 'futureDate' },
    ]);
    // Rules never echo the value: a rejected row's phone must not end up on a page or in a log.
    expect(JSON.stringify(summary)).not.toContain('12345,');
    const stored = await fixture.tenant.ctx.store.collection('callCases').find({ caseId: { $in: ['A-1', 'A-6'] } }, { sort: { caseId: 1 } });
    expect(stored.map((c) => [c.caseId, c.phone, c.serviceDate, c.siteCode, c.status])).toEqual([
      ['A-1', '13800000001', '2024-03-05', 'S1', 'unsampled'],
      ['A-6', '021-62345678', '2024-03-07', 'S2', 'unsampled'],
    ]);
  });

  test('skips a case id seen earlier in the file or imported before, so a re-import adds nothing', async () => {
    const csv = [HEADER, 'D-1,S1,甲,13900000001,维修,2024-03-01', 'D-2,S1,乙,13900000002,维修,2024-03-01', 'D-1,S1,甲again,13900000009,维修,2024-03-02'].join(
      '\n',
    );
    const first = await importCases(fixture.tenant.ctx, caseRecords(csv), { source: 'csv' });
    expect(first.created).toBe(2);
    expect(first.duplicates).toEqual([{ row: 4, caseId: 'D-1', reason: 'in_file' }]);
    const again = await importCases(fixture.tenant.ctx, caseRecords(csv), { source: 'csv' });
    expect(again.created).toBe(0);
    expect(again.duplicates.map((d) => [d.row, d.reason])).toEqual([
      [4, 'in_file'],
      [2, 'existing'],
      [3, 'existing'],
    ]);
    const d1 = await fixture.tenant.ctx.store.collection('callCases').find({ caseId: 'D-1' });
    expect(d1).toHaveLength(1);
    expect(d1[0]!.customerName).toBe('甲');
  });

  test('two imports of the same file at once store every case once', async () => {
    const csv = [HEADER, ...Array.from({ length: 50 }, (_, i) => `R-${i},S1,客户,139${String(20000000 + i)},维修,2024-03-01`)].join('\n');
    const [a, b] = await Promise.all([
      importCases(fixture.tenant.ctx, caseRecords(csv), { source: 'csv' }),
      importCases(fixture.tenant.ctx, caseRecords(csv), { source: 'csv' }),
    ]);
    expect(a.created + b.created).toBe(50);
    expect(a.duplicates.length + b.duplicates.length).toBe(50);
    expect(await fixture.tenant.ctx.store.collection('callCases').count({ caseId: { $gte: 'R-', $lt: 'R.' } })).toBe(50);
  });

  test('reads Chinese headers in a GBK file (Excel on Chinese Windows) and tab separators', async () => {
    const text = ['工单号\t场所代码\t客户姓名\t联系电话\t服务类型\t服务日期', 'G-1\tS2\t孙八\t13700000001\t安装\t2024-03-03'].join('\r\n');
    const decoded = decodeCsv(iconv.encode(text, 'gbk')).text;
    const record = await importCaseFile(fixture.tenant.ctx, decoded, 'gbk.csv');
    expect(record).toMatchObject({ rows: 1, created: 1, errorCount: 0, duplicateCount: 0 });
    expect((await fixture.tenant.ctx.store.collection('callCases').findOne({ caseId: 'G-1' }))!.customerName).toBe('孙八');
  });

  test('names the missing columns and the line of a broken quote', async () => {
    await expect(importCases(fixture.tenant.ctx, caseRecords('case_id,site_code,phone\nX,S1,13800000000'), { source: 'csv' })).rejects.toThrow(
      'file: row 1 must name the columns case_id, site_code, customer_name, phone, service_type, service_date; missing customer_name, service_type, service_date',
    );
    await expect(
      importCases(fixture.tenant.ctx, caseRecords(`${HEADER}\nQ-1,S1,"open quote,13800000000,维修,2024-03-01\n`), { source: 'csv' }),
    ).rejects.toThrow(/^file: line \d+: malformed CSV/);
  });

  test('the API refuses the whole batch at the first bad item, naming cases.<i>.<field>', async () => {
    const good = { caseId: 'API-1', siteCode: 'S1', customerName: '周', phone: '13600000001', serviceType: '维修', serviceDate: '2024-03-01' };
    const err = await addCases(fixture.tenant.ctx, [good, { ...good, caseId: 'API-2', phone: '123' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ field: 'cases.1.phone', message: expect.stringMatching(/^cases\.1\.phone: must be a mainland mobile/) });
    expect(await fixture.tenant.ctx.store.collection('callCases').count({ caseId: 'API-1' })).toBe(0);
    expect((await addCases(fixture.tenant.ctx, [good])).created).toBe(1);
  });

  test('only an admin may import', async () => {
    const agentCtx = { ...fixture.tenant.ctx, actor: { ...fixture.tenant.ctx.actor, role: 'agent' as const } };
    await expect(importCases(agentCtx, caseRecords(`${HEADER}\nZ-1,S1,a,13800000000,维修,2024-03-01`), { source: 'csv' })).rejects.toMatchObject({
      status: 403,
    });
  });
});
