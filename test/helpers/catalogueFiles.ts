/**
 * Catalogue files for import tests: a small valid tree (two levels, one item,
 * four indicators, 100 points) as CSV rows, and a broken copy with one error of
 * each kind the rows can have.
 */
import ExcelJS from 'exceljs';

export const HEADER = ['code', 'parent', 'name_zh', 'name_en', 'points', 'evidence'];

/** Level "svc" 60 → item "svc.desk" 60 → two indicators; level "fix" 40 → two indicators. */
export function validRows(): string[][] {
  return [
    ['svc', '', '服务', 'Service', '60', ''],
    ['svc.desk', 'svc', '前台', 'Front desk', '60', ''],
    ['svc.desk.greeting', 'svc.desk', '接待', 'Greeting', '30', 'perceived'],
    ['svc.desk.records', 'svc.desk', '记录', 'Records', '30', 'onsite,perceived'],
    ['fix', '', '维修', 'Repair', '40', ''],
    ['fix.speed', 'fix', '维修速度', 'Repair speed', '25', 'perceived'],
    ['fix.tools', 'fix', '工具', 'Tools', '15', 'onsite'],
  ];
}

/** The file row (header = 1) of each error the broken copy holds. */
export const BROKEN = {
  pointsSum: 3, // svc.desk: children 30 + 25 = 55 ≠ 60
  duplicate: 5,
  unknownEvidence: 6,
  cycle: [7, 8],
  unknownParent: 9,
};

export function brokenRows(): string[][] {
  return [
    ['svc', '', '服务', 'Service', '60', ''],
    ['svc.desk', 'svc', '前台', 'Front desk', '60', ''],
    ['svc.desk.greeting', 'svc.desk', '接待', 'Greeting', '30', 'perceived'],
    ['svc.desk.greeting', 'svc.desk', '接待', 'Greeting', '25', 'perceived'],
    ['fix', '', '维修', 'Repair', '40', 'telepathy'],
    ['fix.a', 'fix.b', '甲', 'A', '20', 'onsite'],
    ['fix.b', 'fix.a', '乙', 'B', '20', 'onsite'],
    ['fix.c', 'nowhere', '丙', 'C', '5', 'onsite'],
  ];
}

export function csvOf(rows: string[][]): Buffer {
  return Buffer.from([HEADER, ...rows].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n'), 'utf8');
}

export async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('catalogue');
  sheet.addRow(HEADER);
  for (const r of rows) sheet.addRow(r.map((c, i) => (i === 4 ? Number(c) : c)));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The shipped survey template moved onto an imported catalogue: every mapped question maps to one of its perceived indicators. */
export function surveyOnCatalogue(code: string, version: string, indicator = 'svc.desk.greeting'): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const content = structuredClone(require('../../surveys/templates/customer-satisfaction.json')) as {
    catalogue: unknown;
    sections: Array<{ questions: Array<{ indicator?: string }> }>;
  };
  content.catalogue = { code, version };
  for (const s of content.sections) for (const q of s.questions) if (q.indicator) q.indicator = indicator;
  return content;
}
