/**
 * The CSV writer was made faster (dates by arithmetic, lines encoded straight into byte
 * chunks); its bytes must not change. The reference below is the writer as it was before,
 * kept here as the oracle: thousands of generated cells and whole files must come out the same.
 */
import { Writable } from 'node:stream';
import { csvSink } from '../../server/services/exports/sinks';
import { DAY_MS } from '../../server/services/calendar';
import { mulberry32 } from '../../server/services/random';
import { CSV_BOM, csvCell, csvLine, type Cell, type ColumnKind } from '../../server/services/spreadsheet';

/** The writer before the speed-up, verbatim in what it wrote. */
function referenceCell(value: Cell | undefined, kind: ColumnKind = 'text'): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return kind === 'day' ? value.toISOString().slice(0, 10) : value.toISOString().slice(0, 19).replace('T', ' ');
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\t\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
const referenceLine = (values: readonly (Cell | undefined)[], kinds: readonly ColumnKind[] = []) =>
  `${values.map((value, i) => referenceCell(value, kinds[i])).join(',')}\r\n`;

const KINDS: ColumnKind[] = ['text', 'number', 'score', 'date', 'day'];
const PIECES = ['a', '张三', '=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ';', ' ', '138-1234-5678', '1+1=2', '😀', 'é', ''];

function randomCell(random: () => number): Cell | undefined {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  switch (Math.floor(random() * 7)) {
    case 0:
      return Array.from({ length: Math.floor(random() * 6) }, () => pick(PIECES)).join('');
    case 1:
      return pick([0, -5, 3.5, 1e21, -0, NaN, Infinity, 12345678901, 0.1 + 0.2]);
    case 2:
      return pick([true, false, null, undefined]);
    case 3:
      // Any instant from 1970 to 9999, to the millisecond.
      return new Date(Math.floor(random() * Date.UTC(10000, 0, 1)));
    case 4:
      // The edges of the fast path: the epoch, the last millisecond of 9999, midnight and the second before it.
      return new Date(pick([0, Date.UTC(10000, 0, 1) - 1, Date.UTC(2025, 2, 1), Date.UTC(2025, 2, 1) - 1, Date.UTC(2024, 1, 29, 23, 59, 59, 999)]));
    case 5:
      // Outside it: before 1970, negative and six-digit years.
      return new Date(pick([-1, -DAY_MS, Date.UTC(1969, 11, 31, 23, 59, 59), Date.UTC(-1, 0, 1), Date.UTC(10000, 0, 1), Date.UTC(275000, 0, 1)]));
    default:
      return pick(PIECES) + pick(PIECES) + pick(PIECES);
  }
}

test('every generated cell and line is written exactly as the writer before the speed-up wrote it', () => {
  const random = mulberry32(21);
  const differences: Array<{ values: Array<Cell | undefined>; kinds: ColumnKind[]; got: string; want: string }> = [];
  for (let i = 0; i < 20_000; i++) {
    const values = Array.from({ length: 1 + Math.floor(random() * 8) }, () => randomCell(random));
    const kinds = values.map(() => KINDS[Math.floor(random() * KINDS.length)]!);
    const got = csvLine(values, kinds);
    const want = referenceLine(values, kinds);
    if (got !== want || values.some((v, j) => csvCell(v, kinds[j]) !== referenceCell(v, kinds[j]))) differences.push({ values, kinds, got, want });
  }
  expect(differences.slice(0, 5)).toEqual([]);
});

test('an invalid date is refused as before, not written', () => {
  expect(() => referenceCell(new Date(NaN), 'date')).toThrow(RangeError);
  expect(() => csvCell(new Date(NaN), 'date')).toThrow(RangeError);
  expect(() => csvCell(new Date(NaN), 'day')).toThrow(RangeError);
});

/** A consumer like a slow socket: a small buffer, each chunk acknowledged on a later tick. */
function slowConsumer(): { out: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      setImmediate(done);
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

test('a whole file through the sink, across chunks, with lines too long for one chunk, is the reference text in UTF-8 with its BOM', async () => {
  const random = mulberry32(27922);
  const header = { labels: ['编号', '回复时间（UTC+8）', '=说明'], codes: ['id', 'responded_at', 'note'], kinds: ['text', 'date', 'text'] as ColumnKind[] };
  const rows: Cell[][] = Array.from({ length: 6_000 }, (_, i) => [
    `r${i}`,
    new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 400 * DAY_MS)),
    i % 1_000 === 7 ? '很长的意见，'.repeat(20_000) : (randomCell(random) ?? null),
  ]);
  const { out, bytes } = slowConsumer();
  const finished = new Promise((resolve) => out.on('finish', resolve));
  const sink = csvSink(out);
  await sink.table('all', header);
  for (const row of rows) await sink.row(row);
  await sink.end();
  await finished;
  const expected = CSV_BOM + referenceLine(header.labels) + referenceLine(header.codes) + rows.map((row) => referenceLine(row, header.kinds)).join('');
  expect(bytes().equals(Buffer.from(expected, 'utf8'))).toBe(true);
});

test('a CSV with no table still holds its BOM, as before', async () => {
  const { out, bytes } = slowConsumer();
  const finished = new Promise((resolve) => out.on('finish', resolve));
  await csvSink(out).end();
  await finished;
  expect(bytes().toString('utf8')).toBe(CSV_BOM);
});
