/**
 * Service cases: imported from CSV or the API, de-duplicated by the
 * enterprise's case id, and read back with the phone masked. Cases stay
 * "unsampled" until a call list draws them.
 */
import crypto from 'node:crypto';
import { NotFoundError, ValidationError } from '../../errors';
import { DuplicateKeyError, type Filter } from '../../store/types';
import { assertCan } from '../accounts/roles';
import { getSite, listSites, type Site } from '../accounts/sites';
import { recordAudit } from '../auditLog';
import { withTenantTransaction, type TenantContext } from '../context';
import { pageWindow } from '../paging';
import { checkCaseRow, type CaseInput, type RawCase } from './caseRows';
import { localDate, tzOffsetOf } from './clock';
import { collections, NO_CLAIM, type CallAttempt, type CallCase, type CaseStatus, type RowError } from './types';

const BATCH = 500;
/** Row errors kept for the report; the count covers all of them. */
const MAX_REPORTED_ERRORS = 200;

export interface ImportSummary {
  rows: number;
  created: number;
  duplicates: Array<{ row: number; caseId: string; reason: 'in_file' | 'existing' }>;
  errors: RowError[];
  errorCount: number;
  ms: number;
}

export const casesOf = (ctx: TenantContext) => ctx.store.collection<CallCase>(collections.cases);

function newCase(ctx: TenantContext, input: CaseInput, site: Site, source: CallCase['source'], at: string): CallCase {
  return {
    _id: crypto.randomUUID(),
    enterpriseId: ctx.actor.enterpriseId,
    ...input,
    siteId: site._id,
    importedAt: at,
    importedBy: ctx.actor.userId,
    source,
    status: 'unsampled',
    claimExpiresAt: NO_CLAIM,
    attempts: 0,
    dayparts: [],
    contacted: false,
  };
}

/** Stores the new cases of a batch; ids already stored (or stored meanwhile by another import) are duplicates. */
async function storeBatch(ctx: TenantContext, batch: Array<{ row: number; doc: CallCase }>, summary: ImportSummary): Promise<void> {
  if (!batch.length) return;
  const existing = new Set((await casesOf(ctx).find({ caseId: { $in: batch.map((b) => b.doc.caseId) } })).map((c) => c.caseId));
  const fresh = batch.filter((b) => !existing.has(b.doc.caseId));
  for (const b of batch) if (existing.has(b.doc.caseId)) summary.duplicates.push({ row: b.row, caseId: b.doc.caseId, reason: 'existing' });
  try {
    summary.created += await casesOf(ctx).insertMany(fresh.map((b) => b.doc));
  } catch (err) {
    if (!(err instanceof DuplicateKeyError)) throw err;
    // A concurrent import stored some of them first: insert one by one (insertMany stored none).
    for (const b of fresh) {
      try {
        await casesOf(ctx).insertOne(b.doc);
        summary.created += 1;
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e;
        summary.duplicates.push({ row: b.row, caseId: b.doc.caseId, reason: 'existing' });
      }
    }
  }
}

/**
 * Imports rows (a CSV file or API items): valid rows are stored, each bad row
 * is reported with row, field and rule, a case id seen before is skipped.
 * One transaction: the cases and the audit-log entry commit together, so the
 * records must already be in memory (never a stream still arriving).
 */
export async function importCases(
  ctx: TenantContext,
  records: AsyncIterable<{ row: number; raw: RawCase }> | Iterable<{ row: number; raw: RawCase }>,
  options: { source: CallCase['source']; onProgress?: (rows: number) => void; now?: Date } = { source: 'csv' },
): Promise<ImportSummary> {
  assertCan(ctx.actor.role, 'calls.manage');
  return withTenantTransaction(ctx, (tx) => importInTransaction(tx, records, options));
}

async function importInTransaction(
  ctx: TenantContext,
  records: AsyncIterable<{ row: number; raw: RawCase }> | Iterable<{ row: number; raw: RawCase }>,
  options: { source: CallCase['source']; onProgress?: (rows: number) => void; now?: Date },
): Promise<ImportSummary> {
  const started = Date.now();
  const at = (options.now ?? new Date()).toISOString();
  const sites = new Map((await listSites(ctx)).map((s) => [s.code.toUpperCase(), s]));
  const today = localDate(options.now ?? new Date(), await tzOffsetOf(ctx));
  const summary: ImportSummary = { rows: 0, created: 0, duplicates: [], errors: [], errorCount: 0, ms: 0 };
  const seen = new Map<string, number>();
  let batch: Array<{ row: number; doc: CallCase }> = [];

  for await (const { row, raw } of records) {
    summary.rows += 1;
    const { input, errors } = checkCaseRow(row, raw, new Set(sites.keys()), today);
    if (!input) {
      summary.errorCount += errors.length;
      summary.errors.push(...errors.slice(0, Math.max(0, MAX_REPORTED_ERRORS - summary.errors.length)));
    } else if (seen.has(input.caseId)) {
      summary.duplicates.push({ row, caseId: input.caseId, reason: 'in_file' });
    } else {
      seen.set(input.caseId, row);
      batch.push({ row, doc: newCase(ctx, input, sites.get(input.siteCode)!, options.source, at) });
    }
    if (batch.length >= BATCH) {
      await storeBatch(ctx, batch, summary);
      batch = [];
    }
    if (summary.rows % 100 === 0) options.onProgress?.(summary.rows);
  }
  await storeBatch(ctx, batch, summary);
  options.onProgress?.(summary.rows);
  summary.ms = Date.now() - started;
  await recordAudit(ctx, 'callCases.import', collections.cases, 'import', {
    source: options.source,
    rows: summary.rows,
    created: summary.created,
    duplicates: summary.duplicates.length,
    errors: summary.errorCount,
  });
  return summary;
}

/** API items: all are checked first and the first problem refused as a 400 naming `cases.<i>.<field>`; nothing is stored then. */
export async function addCases(ctx: TenantContext, items: RawCase[]): Promise<ImportSummary> {
  assertCan(ctx.actor.role, 'calls.manage');
  const codes = new Set((await listSites(ctx)).map((s) => s.code.toUpperCase()));
  const today = localDate(new Date(), await tzOffsetOf(ctx));
  items.forEach((raw, i) => {
    const [first] = checkCaseRow(i, raw, codes, today).errors;
    if (first) throw new ValidationError(`cases.${i}.${first.field}: ${first.rule}`, `cases.${i}.${first.field}`);
  });
  return importCases(
    ctx,
    items.map((raw, i) => ({ row: i, raw })),
    { source: 'api' },
  );
}

export async function getCase(ctx: TenantContext, id: string): Promise<CallCase> {
  const found = await casesOf(ctx).findOne({ _id: id });
  if (!found) throw new NotFoundError('case');
  return found;
}

export interface CaseQuery {
  status?: CaseStatus;
  siteId?: string;
  callListId?: string;
}

/** One page of the matching cases, newest service first; a page past the end gives the last one. */
export async function listCases(
  ctx: TenantContext,
  q: CaseQuery = {},
  paging: { page: number; pageSize: number } = { page: 1, pageSize: 100 },
): Promise<{ cases: CallCase[]; total: number; page: number; pages: number }> {
  const filter: Filter = {};
  if (q.status) filter.status = q.status;
  // Through getSite, so another site's id is a 404 rather than an empty list.
  if (q.siteId) filter.siteId = (await getSite(ctx, q.siteId))._id;
  if (q.callListId) filter.callListId = q.callListId;
  const { page, pages, total, offset, limit } = pageWindow(await casesOf(ctx).count(filter), paging.page, paging.pageSize);
  const cases = await casesOf(ctx).find(filter, { sort: { serviceDate: -1, caseId: 1 }, limit, skip: offset });
  return { cases, total, page, pages };
}

/** The attempts on a case, oldest first. */
export async function caseAttempts(ctx: TenantContext, caseRef: string): Promise<CallAttempt[]> {
  const c = await getCase(ctx, caseRef);
  return ctx.store.collection<CallAttempt>(collections.attempts).find({ caseRef: c._id }, { sort: { at: 1 } });
}
