/**
 * Our streaming XLSX writer (server/services/exports/xlsxWriter.ts and zip.ts) against the exceljs
 * writer exports used before (test/helpers/exceljsSink.ts): the same tables read back with exceljs
 * give the same sheets, cells, types and number formats; the archive holds up to a strict reading;
 * rows stream out as they come; a reader who leaves takes no temporary file with them.
 */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { type Cell, type ColumnKind, type TableHeader, type TableSink, xlsxSink } from '../../server/services/exports/sinks';
import { exceljsSink } from '../helpers/exceljsSink';
import { HEAVY_MS } from '../helpers/timeouts';
import { readXlsx } from '../helpers/xlsx';
import { zipEntries } from '../helpers/zipEntries';

/** A consumer that keeps every byte and notes how many had arrived at each moment the test asks. */
function collector() {
  const chunks: Buffer[] = [];
  let received = 0;
  const out = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      received += chunk.length;
      setImmediate(done); // acknowledged on a later turn, like a socket
    },
  });
  const finished = new Promise<Buffer>((resolve) => out.on('finish', () => resolve(Buffer.concat(chunks))));
  return { out, finished, received: () => received };
}

const SITES = ['华星快递 上海浦东网点', '北京朝阳网点', 'Shenzhen "Nanshan" <A&B>'];
/** Texts a spreadsheet would run as formulas, and texts XML must escape or cannot hold. */
const AWKWARD = [
  '=1+2',
  '+86 138 1234 5678',
  '-5',
  '@SUM(A1:A3)',
  '=HYPERLINK("http://x","点我")',
  'a&b<c>d"e\'f',
  '  前后空格  ',
  '行一\n行二\t列',
  'bell\u0007ctl\u0000',
];

const HEADER: TableHeader = {
  labels: ['回复编号', '回复时间（UTC+8）', '总体满意度（0–100）', '完整精度', '网点', '日期', '是否满意', '备注'],
  kinds: ['text', 'date', 'score', 'number', 'text', 'day', 'text', 'text'] as ColumnKind[],
};

/** Row i of a table: unique ids, repeated site names (shared strings), awkward texts, nulls, real dates. */
function rowOf(i: number): Cell[] {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 3_600_017);
  return [
    `r-${i.toString(36)}-${(i * 7919) % 1000}`,
    i % 13 === 0 ? null : at,
    i % 5 === 0 ? null : Math.round((i % 101) * 10) / 10,
    i % 7 === 0 ? null : (i % 101) + 1 / 3,
    SITES[i % SITES.length]!,
    new Date(Date.UTC(2026, i % 12, 1 + (i % 28))),
    i % 4 === 0 ? null : i % 2 === 0,
    i % 3 === 0 ? AWKWARD[i % AWKWARD.length]! : i % 50 === 1 ? '长'.repeat(5000) : null,
  ];
}

/** Writes the same workbook through a sink: a table alone, two filled in one pass, a small last one. */
async function writeWorkbook(sink: TableSink): Promise<void> {
  await sink.table('满意度调查', HEADER);
  for (let i = 0; i < 1200; i++) await sink.row(rowOf(i));
  const group = await sink.tables!([
    { name: '电话回访', header: HEADER },
    { name: '神秘顾客:暗访/2026', header: { labels: ['编号', '值'], kinds: ['text', 'number'] } },
  ]);
  for (let i = 0; i < 900; i++) {
    await group.row(0, rowOf(i + 5000));
    if (i % 3 === 0) await group.row(1, [`v-${i}`, i]);
  }
  await group.close(true);
  await sink.table('编码表', { labels: ['工作表', '代码'] });
  await sink.row(['满意度调查', 'q.overall']);
  await sink.end();
}

async function written(makeSink: (out: Writable) => TableSink): Promise<Buffer> {
  const { out, finished } = collector();
  await writeWorkbook(makeSink(out));
  return finished;
}

/**
 * A cell as compared: its value (a Date by its time), its number format, whether bold. An empty cell is
 * compared by its emptiness only: exceljs wrote it with its column's style, we leave it out.
 */
function cellFacts(cell: ExcelJS.Cell) {
  if (cell.value === null) return { value: null };
  const value = cell.value instanceof Date ? `date:${cell.value.getTime()}` : cell.value;
  return { value, numFmt: cell.numFmt ?? null, bold: Boolean(cell.font?.bold) };
}

test(
  'the workbook reads back cell for cell as the exceljs writer wrote it: sheets, Chinese text, formula-like text, dates, numbers, empty cells',
  async () => {
    const ours = await readXlsx(await written(xlsxSink));
    const reference = await readXlsx(await written(exceljsSink));
    expect(ours.worksheets.map((s) => s.name)).toEqual(['满意度调查', '电话回访', '神秘顾客 暗访 2026', '编码表']);
    expect(ours.worksheets.map((s) => s.name)).toEqual(reference.worksheets.map((s) => s.name));
    let compared = 0;
    for (const sheet of reference.worksheets) {
      const mine = ours.getWorksheet(sheet.name)!;
      expect(mine.rowCount).toBe(sheet.rowCount);
      expect(mine.columnCount).toBe(sheet.columnCount);
      for (let r = 1; r <= sheet.rowCount; r++) {
        for (let c = 1; c <= sheet.columnCount; c++) {
          const want = cellFacts(sheet.getRow(r).getCell(c));
          const got = cellFacts(mine.getRow(r).getCell(c));
          if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${sheet.name}!R${r}C${c}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
          compared += 1;
        }
      }
    }
    // Every cell of every sheet, headers included: (1,200 + 900 rows + 2 headers) × 8, (300 + 1) × 2, 2 × 2.
    expect(compared).toBe(2102 * 8 + 301 * 2 + 2 * 2);
    // Formula-like text is a plain string cell, shown as typed and never evaluated.
    const survey = ours.getWorksheet('满意度调查')!;
    const formulaLike = survey.getRow(2 + 18).getCell(8); // row index 18: AWKWARD[0], '=1+2'
    expect(formulaLike.value).toBe('=1+2');
    expect(formulaLike.type).toBe(3); // ExcelJS.ValueType.String
    expect(survey.getRow(1).getCell(2).value).toBe('回复时间（UTC+8）');
    expect(survey.getRow(3).getCell(2).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(survey.getRow(3).getCell(6).numFmt).toBe('yyyy-mm-dd');
    expect(survey.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  },
  HEAVY_MS,
);

test(
  'the archive holds up to a strict reading: each entry’s CRC and sizes agree in its header or data descriptor and in the directory',
  async () => {
    const entries = zipEntries(await written(xlsxSink));
    expect(entries.map((e) => e.name).sort()).toEqual(
      [
        '[Content_Types].xml',
        '_rels/.rels',
        'xl/_rels/workbook.xml.rels',
        'xl/sharedStrings.xml',
        'xl/styles.xml',
        'xl/workbook.xml',
        'xl/worksheets/sheet1.xml',
        'xl/worksheets/sheet2.xml',
        'xl/worksheets/sheet3.xml',
        'xl/worksheets/sheet4.xml',
      ].sort(),
    );
    // The streamed sheets carry data descriptors; the sheet filled on disk beside another is copied with its sizes known.
    const byName = new Map(entries.map((e) => [e.name, e]));
    expect(byName.get('xl/worksheets/sheet1.xml')!.flags & 0x0008).toBe(0x0008);
    expect(byName.get('xl/worksheets/sheet3.xml')!.flags & 0x0008).toBe(0);
    // Site names repeat, so they are shared, once each; ids never do, so past a column's trial of 256 texts they go inline.
    const shared = byName.get('xl/sharedStrings.xml')!.text;
    expect(shared.split('<t>北京朝阳网点</t>')).toHaveLength(2);
    const lateId = rowOf(1000)[0] as string;
    expect(shared).not.toContain(lateId);
    expect(byName.get('xl/worksheets/sheet1.xml')!.text).toContain(`t="inlineStr"><is><t>${lateId}</t>`);
  },
  HEAVY_MS,
);

test(
  'a large export streams: most of its bytes reach the reader before the last row is written, and it reads back whole',
  async () => {
    const { out, finished, received } = collector();
    const sink = xlsxSink(out);
    const rows = 60_000;
    await sink.table('大表', HEADER);
    let beforeLast = 0;
    for (let i = 0; i < rows; i++) {
      if (i === rows - 1) beforeLast = received();
      const full = sink.row(rowOf(i));
      if (full) await full;
    }
    await sink.end();
    const body = await finished;
    // Held back at the end: the last chunk, the compressor's window and the workbook parts, not the rows.
    expect(body.length - beforeLast).toBeLessThan(512 * 1024);
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
    const sheet = (await readXlsx(body)).getWorksheet('大表')!;
    expect(sheet.rowCount).toBe(rows + 1);
    expect(sheet.getRow(rows + 1).getCell(1).value).toBe(rowOf(rows - 1)[0]);
  },
  HEAVY_MS,
);

test('a reader who leaves mid-export leaves no temporary sheet file behind', async () => {
  const spools = () => readdirSync(tmpdir()).filter((name) => name.startsWith('servicestar-xlsx-'));
  const before = spools();
  const { out } = collector();
  const sink = xlsxSink(out);
  const group = await sink.tables!([
    { name: 'a', header: HEADER },
    { name: 'b', header: HEADER },
  ]);
  for (let i = 0; i < 2000; i++) await group.row(i % 2, rowOf(i));
  expect(spools().length).toBe(before.length + 1);
  out.destroy();
  await group.close(false);
  expect(spools()).toEqual(before);
});

test('a table past the sheet row limit goes on in numbered sheets with the header again, streamed or filled beside another, tabs in table order', async () => {
  const { out, finished } = collector();
  const sink = xlsxSink(out, 100);
  const group = await sink.tables!([
    { name: '满意度调查', header: HEADER },
    { name: '电话回访', header: HEADER },
  ]);
  for (let i = 0; i < 250; i++) await group.row(0, rowOf(i));
  for (let i = 0; i < 150; i++) await group.row(1, rowOf(1000 + i));
  await group.close(true);
  await sink.table('编码表', { labels: ['工作表'] });
  await sink.row(['满意度调查']);
  await sink.end();
  const workbook = await readXlsx(await finished);
  expect(workbook.worksheets.map((s) => [s.name, s.rowCount])).toEqual([
    ['满意度调查', 101],
    ['满意度调查 2', 101],
    ['满意度调查 3', 51],
    ['电话回访', 101],
    ['电话回访 2', 51],
    ['编码表', 2],
  ]);
  expect(workbook.getWorksheet('满意度调查 3')!.getRow(1).getCell(1).value).toBe('回复编号');
  expect(workbook.getWorksheet('满意度调查 3')!.getRow(51).getCell(1).value).toBe(rowOf(249)[0]);
  expect(workbook.getWorksheet('电话回访 2')!.getRow(2).getCell(1).value).toBe(rowOf(1100)[0]);
});
