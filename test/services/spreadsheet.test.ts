/**
 * The one spreadsheet module: CSV cells that open in Excel as written and never
 * run as formulas, and uploaded CSV decoded as Excel saves it (BOMs, UTF-8, GBK).
 */
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { ValidationError } from '../../server/errors';
import { CSV_BOM, csvCell, csvLine, csvRecords, csvTable, decodeCsv, neutraliseFormula, normaliseHeader } from '../../server/services/spreadsheet';

const records = async (text: string) => {
  const out: Array<{ row: number; cells: string[] }> = [];
  for await (const r of csvRecords(text)) out.push(r);
  return out;
};

describe('csvCell', () => {
  test.each([
    ['=1+2', "'=1+2"],
    ['+86 138', "'+86 138"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
  ])('text starting like a formula (%s) gets an apostrophe and is not quoted without need', (value, want) => {
    expect(csvCell(value)).toBe(want);
  });

  test('a leading tab or carriage return is defused and, being a separator or line break, quoted', () => {
    expect(csvCell('\t=cmd')).toBe(`"'\t=cmd"`);
    expect(csvCell('\r=cmd')).toBe(`"'\r=cmd"`);
  });

  test('a formula with quotes and commas is defused, quoted and its quotes doubled', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  test('a semicolon or tab inside a cell is quoted, so no locale splits it into a formula cell', () => {
    expect(csvCell('a;=cmd')).toBe('"a;=cmd"');
    expect(csvCell('a\t=cmd')).toBe('"a\t=cmd"');
  });

  test('plain text, Chinese and a formula sign later in the text stay as written', () => {
    expect(csvCell('张三')).toBe('张三');
    expect(csvCell('1+1=2')).toBe('1+1=2');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
  });

  test('numbers and booleans are written as they are (a negative number is a number, not a formula)', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(3.5, 'score')).toBe('3.5');
    expect(csvCell(true)).toBe('true');
  });

  test('null and undefined are empty; a date is a local time, or a day for day columns', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    const at = new Date(Date.UTC(2025, 2, 1, 14, 5, 9));
    expect(csvCell(at, 'date')).toBe('2025-03-01 14:05:09');
    expect(csvCell(at, 'day')).toBe('2025-03-01');
  });

  test('a line of cells reads back, through a CSV parser, as the values with formulas defused', () => {
    const values = ['=1+2', 'a,b', 'say "hi"', '多行\n文本', null, 7];
    const line = csvLine(values);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(parse(line)).toEqual([["'=1+2", 'a,b', 'say "hi"', '多行\n文本', '', '7']]);
  });

  test('neutraliseFormula leaves safe text untouched', () => {
    expect(neutraliseFormula('abc')).toBe('abc');
    expect(neutraliseFormula('=abc')).toBe("'=abc");
  });
});

describe('decodeCsv', () => {
  const text = '姓名,电话\n张三,13800138000\n';

  test('GBK from Excel on a Chinese Windows is detected and read as GBK', () => {
    expect(decodeCsv(iconv.encode(text, 'gbk'))).toEqual({ text, encoding: 'gbk' });
  });

  test('characters only GB18030 has (beyond GBK) are read too', () => {
    const rare = '㐀䶵,€\n';
    expect(decodeCsv(iconv.encode(rare, 'gb18030')).text).toBe(rare);
  });

  test('UTF-8 with or without BOM is read as UTF-8, the BOM dropped', () => {
    expect(decodeCsv(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toEqual({ text, encoding: 'utf-8' });
  });

  test("UTF-16 (Excel's Unicode text, either byte order) is read by its BOM, the BOM dropped", () => {
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]))).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf16be')]))).toEqual({ text, encoding: 'utf-16be' });
  });

  test('a chosen encoding is kept: GBK reads GBK; UTF-8 refuses bytes that are not UTF-8, naming the file field', () => {
    expect(decodeCsv(iconv.encode(text, 'gbk'), 'gbk').text).toBe(text);
    expect(() => decodeCsv(iconv.encode(text, 'gbk'), 'utf-8')).toThrow(ValidationError);
    expect(() => decodeCsv(iconv.encode(text, 'gbk'), 'utf-8')).toThrow(/^file: the file is not valid UTF-8/);
  });
});

describe('reading records', () => {
  test('comma or tab separated, cells trimmed, blank lines skipped, rows numbered from the header', async () => {
    expect(await records('name, phone\n\n张三\t13800138000\n')).toEqual([
      { row: 1, cells: ['name', 'phone'] },
      { row: 2, cells: ['张三', '13800138000'] },
    ]);
  });

  test('bidi controls that would reorder a name are dropped', async () => {
    expect((await records('name\n\u202Egnp.exe\n'))[1]!.cells).toEqual(['gnp.exe']);
  });

  test('a quote never closed is a 400 on the file field naming the line', async () => {
    const err = await records('name,phone\n"open,1\nx,2\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toMatch(/^file: line \d+: malformed CSV/);
  });

  test('a table keeps every line, so its index + 1 is the line an editor shows; a tab in line 1 means tab-separated', () => {
    expect(csvTable('code\tname\n\nA1\tx,y\n')).toEqual([['code', 'name'], [''], ['A1', 'x,y']]);
    expect(() => csvTable('a,b\n"open\n')).toThrow(/^file: line \d+: malformed CSV/);
  });

  test('headers compare without case, spaces, underscores, dashes, brackets or colons (half or full width)', () => {
    expect(normaliseHeader(' Site_Code ')).toBe('sitecode');
    expect(normaliseHeader('名称（中文）：')).toBe('名称中文');
  });

  test('exports start with the BOM Excel needs to read UTF-8', () => {
    expect(CSV_BOM).toBe('\ufeff');
  });
});
