/**
 * A record of each case import, so the person who uploaded a file can read its
 * row errors and duplicates after the redirect, and an auditor can see what
 * came in when. Holds case ids and rules, never phone numbers.
 */
import crypto from 'node:crypto';
import { NotFoundError } from '../../errors';
import type { Doc } from '../../store/types';
import { withTenantTransaction, type TenantContext } from '../context';
import { caseRecords } from './csv';
import { importCases, type ImportSummary } from './cases';

export interface CaseImport extends Doc, ImportSummary {
  enterpriseId: string;
  at: string;
  by: string;
  fileName: string;
  /** All duplicates; `duplicates` keeps the first 200. */
  duplicateCount: number;
}

const imports = (ctx: TenantContext) => ctx.store.collection<CaseImport>('callImports');

/** Imports CSV text and keeps the summary (the first 200 duplicates and errors) for the result page. */
export async function importCaseFile(ctx: TenantContext, text: string, fileName: string, onProgress?: (rows: number) => void): Promise<CaseImport> {
  return withTenantTransaction(ctx, (tx) => importAndKeep(tx, text, fileName, onProgress));
}

/** The cases, their summary and the audit-log entry, inside the caller's transaction. */
async function importAndKeep(ctx: TenantContext, text: string, fileName: string, onProgress?: (rows: number) => void): Promise<CaseImport> {
  const summary = await importCases(ctx, caseRecords(text), { source: 'csv', onProgress });
  const record: CaseImport = {
    _id: crypto.randomUUID(),
    enterpriseId: ctx.actor.enterpriseId,
    at: new Date().toISOString(),
    by: ctx.actor.userId,
    fileName: fileName.slice(0, 200),
    ...summary,
    duplicates: summary.duplicates.slice(0, 200),
    duplicateCount: summary.duplicates.length,
  };
  await imports(ctx).insertOne(record);
  return record;
}

export async function getCaseImport(ctx: TenantContext, id: string): Promise<CaseImport> {
  const found = await imports(ctx).findOne({ _id: id });
  if (!found) throw new NotFoundError('import');
  return found;
}
