/**
 * A call list as CSV for supervisors and auditors: one line per sampled case
 * with its outcome, the phone masked like everywhere outside the call. Opens in
 * Excel (UTF-8 BOM) and cannot smuggle formulas into it.
 */
import type { TenantContext } from '../context';
import { CSV_BOM, csvLine } from '../spreadsheet';
import { localStamp, tzOffsetOf } from './clock';
import { getList } from './lists';
import { maskPhone } from './phone';
import { collections, type CallCase } from './types';

const HEADER = [
  'case_id',
  'site_code',
  'customer_name',
  'phone',
  'service_type',
  'service_date',
  'status',
  'attempts',
  'dayparts',
  'last_outcome',
  'last_attempt_at',
  'contacted',
  'response_id',
];

export async function* exportList(ctx: TenantContext, listId: string): AsyncGenerator<string> {
  const list = await getList(ctx, listId);
  const tz = await tzOffsetOf(ctx);
  yield CSV_BOM + csvLine(HEADER);
  for await (const c of ctx.store.collection<CallCase>(collections.cases).iterate({ callListId: list._id }, { sort: { caseId: 1 } })) {
    const cells = [
      c.caseId,
      c.siteCode,
      c.customerName,
      maskPhone(c.phone),
      c.serviceType,
      c.serviceDate,
      c.status,
      c.attempts,
      c.dayparts.join(' '),
      c.lastOutcome,
      localStamp(c.lastAttemptAt, tz),
      c.contacted ? 'yes' : 'no',
      c.responseId,
    ];
    yield csvLine(cells);
  }
}
