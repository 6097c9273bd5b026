/**
 * The columns of a recipient file, in English or Chinese as the tools
 * enterprises use name them. Decoding and parsing the file (UTF-8, UTF-16 or
 * GBK, as Excel saves it) is ../spreadsheet's job.
 */
import { normaliseHeader } from '../spreadsheet';

/** Our fields and the headers (normalised by normaliseHeader) that name them. */
const HEADER_ALIASES: Record<string, string[]> = {
  name: ['name', 'customer', 'customername', '姓名', '客户姓名', '客户'],
  email: ['email', 'mail', 'emailaddress', '邮箱', '电子邮箱', '电子邮件', '邮件'],
  phone: ['phone', 'mobile', 'tel', 'phonenumber', '手机', '手机号', '手机号码', '电话', '联系电话'],
  siteCode: ['sitecode', 'site', '网点', '网点代码', '场所', '场所代码', '服务网点'],
  caseId: ['caseid', 'case', 'ticket', '工单', '工单号', '服务单号'],
  serviceDate: ['servicedate', 'date', '服务日期', '日期'],
};

export type CsvField = keyof typeof HEADER_ALIASES;

/** Column index of each known field; throws a row-1 error naming what is missing. */
export function mapHeader(header: string[]): Partial<Record<CsvField, number>> {
  const columns: Partial<Record<CsvField, number>> = {};
  header.forEach((h, i) => {
    const n = normaliseHeader(h);
    for (const [field, aliases] of Object.entries(HEADER_ALIASES)) if (aliases.includes(n) && columns[field] === undefined) columns[field] = i;
  });
  return columns;
}
