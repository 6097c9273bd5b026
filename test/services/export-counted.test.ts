/**
 * The responses export finds a week's rows by tenant and time alone and checks "counted" on
 * each document it reads (exports/responses.ts countedResponses): a stored response that no
 * longer counts (a superseded visit revision, say) must still stay out of every file.
 */
import { Writable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import { resolveScope } from '../../server/services/dashboard/filters';
import { responseExport } from '../../server/services/exports/responses';
import { openSink, type ExportFormat } from '../../server/services/exports/sinks';
import { writeExport } from '../../server/services/exports/tables';
import { publishAll, seedResponses, submit, type Published } from '../helpers/dashboard';
import { surveyAnswers } from '../helpers/templates';
import { HEAVY_MS } from '../helpers/timeouts';
import { readXlsx } from '../helpers/xlsx';
import { worldForFile } from '../helpers/fileWorld';

const fixture = worldForFile();
let published: Published;
let counted: string;
let uncounted: string;

beforeAll(async () => {
  const { tenant } = fixture;
  published = await publishAll(tenant);
  await seedResponses(tenant, published, 2);
  counted = (await submit(tenant, published, 'survey', 0, surveyAnswers())).response._id;
  uncounted = (await submit(tenant, published, 'survey', 0, surveyAnswers())).response._id;
  await tenant.ctx.store.collection('responses').updateOne({ _id: uncounted }, { $unset: { countedAt: true } });
}, HEAVY_MS);

async function exported(format: ExportFormat): Promise<{ rows: number; body: Buffer }> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  const finished = new Promise((resolve) => out.on('finish', resolve));
  const scope = await resolveScope(fixture.tenant.ctx, {});
  const rows = await writeExport(await responseExport(fixture.tenant.ctx, scope, 'en'), format, openSink(format, out), () => false);
  await finished;
  return { rows, body: Buffer.concat(chunks) };
}

test('a response that no longer counts is in neither the CSV nor the XLSX, while the counted ones all are', async () => {
  const total = await fixture.tenant.ctx.store.collection('responses').count({ countedAt: { $exists: true } });
  expect(total).toBeGreaterThan(2);

  const csv = await exported('csv');
  const [, codes, ...data] = parseCsv(csv.body.toString('utf8').slice(1)) as string[][];
  const ids = data.map((cells) => cells[codes!.indexOf('response_id')]);
  expect(csv.rows).toBe(total);
  expect(ids).toHaveLength(total);
  expect(ids).toContain(counted);
  expect(ids).not.toContain(uncounted);

  const xlsx = await exported('xlsx');
  const workbook = await readXlsx(xlsx.body);
  const xlsxIds = workbook.worksheets.slice(0, -1).flatMap((sheet) => (sheet.getColumn(1).values as unknown[]).slice(2).map(String));
  expect(xlsx.rows).toBe(total);
  expect(xlsxIds.sort()).toEqual([...ids].sort());
});

test('each XLSX channel sheet, filled in one read of the period, holds exactly its channel’s rows of the CSV, in the same order', async () => {
  const csv = await exported('csv');
  const [, codes, ...data] = parseCsv(csv.body.toString('utf8').slice(1)) as string[][];
  const id = codes!.indexOf('response_id');
  const channel = codes!.indexOf('channel');
  const workbook = await readXlsx((await exported('xlsx')).body);
  const channelSheets = workbook.worksheets.slice(0, -1);
  expect(channelSheets.map((s) => s.name)).toEqual(['Satisfaction survey', 'Follow-up call', 'Mystery visit']);
  for (const sheet of channelSheets) {
    const want = data.filter((cells) => cells[channel] === sheet.name).map((cells) => cells[id]);
    expect(want.length).toBeGreaterThan(0);
    expect((sheet.getColumn(1).values as unknown[]).slice(2).map(String)).toEqual(want);
  }
});
