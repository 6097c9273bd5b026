/**
 * Recipient imports, step one: staging. Every row (CSV or API) is read,
 * checked and compared with the campaign's recipients; the valid rows are kept
 * in chunks. Nothing reaches the campaign here, and a file with any row error
 * can never be committed (importCommit.ts).
 */
import crypto from 'node:crypto';
import { ConflictError, NotFoundError } from '../../errors';
import { getEnterprise } from '../accounts/enterprises';
import { getSite, type Site } from '../accounts/sites';
import { nowIso, type TenantContext } from '../context';
import { dayOf } from '../scoring/rollup';
import { getCampaign, isOpen } from './campaigns';
import { csvRecords, decodeCsv, type CsvEncoding } from '../spreadsheet';
import { mapHeader } from './csv';
import { checkRecipient, dedupeKeysOf, rowError, type RawRecipient } from './recipientRows';
import type { Campaign, ImportChunk, Recipient, RecipientImport, RecipientInput, RowDuplicate, RowError } from './types';
import { assertAllowed } from '../policy';

export const CHUNK_ROWS = 1000;
const KEPT_ERRORS = 200;
const KEPT_DUPLICATES = 50;

export type ImportSource = { kind: 'csv'; buffer: Buffer; fileName?: string; encoding?: CsvEncoding } | { kind: 'api'; rows: RawRecipient[] };

export interface ImportHooks {
  /** Checking counts rows read (total unknown, 0); importing counts rows of `total` inserted. */
  onProgress?(done: number, total: number, phase: 'check' | 'import'): void;
}

export const imports = (ctx: TenantContext) => ctx.store.collection<RecipientImport>('recipientImports');
export const chunksOf = (ctx: TenantContext) => ctx.store.collection<ImportChunk>('recipientImportChunks');
export const recipientsOf = (ctx: TenantContext) => ctx.store.collection<Recipient>('recipients');

/** Raw rows with their numbers; a CSV whose header lacks a needed column yields one row-1 error instead. */
async function* rawRows(source: ImportSource, meta: { encoding?: string }): AsyncGenerator<{ row: number; raw: RawRecipient } | RowError> {
  if (source.kind === 'api') {
    for (const [i, raw] of source.rows.entries()) yield { row: i, raw };
    return;
  }
  const { text, encoding } = decodeCsv(source.buffer, source.encoding);
  meta.encoding = encoding;
  let columns: ReturnType<typeof mapHeader> | undefined;
  for await (const { row, cells } of csvRecords(text)) {
    if (!columns) {
      columns = mapHeader(cells);
      if (columns.siteCode === undefined) yield rowError(row, 'header', 'missingSiteColumn');
      if (columns.email === undefined && columns.phone === undefined) yield rowError(row, 'header', 'missingContactColumn');
      if (columns.siteCode === undefined || (columns.email === undefined && columns.phone === undefined)) return;
      continue;
    }
    const cell = (i: number | undefined) => (i === undefined ? undefined : cells[i]);
    yield {
      row,
      raw: {
        name: cell(columns.name),
        email: cell(columns.email),
        phone: cell(columns.phone),
        siteCode: cell(columns.siteCode),
        caseId: cell(columns.caseId),
        serviceDate: cell(columns.serviceDate),
      },
    };
  }
  if (!columns) yield rowError(1, 'file', 'emptyFile');
}

export async function existingKeys(ctx: TenantContext, campaignId: string): Promise<Set<string>> {
  const keys = new Set<string>();
  for await (const r of recipientsOf(ctx).iterate({ campaignId }, { batchSize: 2000 })) for (const k of dedupeKeysOf(r)) keys.add(k);
  return keys;
}

export async function campaignSites(ctx: TenantContext, campaign: Campaign): Promise<Map<string, Site>> {
  const sites = await Promise.all(campaign.siteIds.map((id) => getSite(ctx, id)));
  return new Map(sites.map((s) => [s.code, s]));
}

export async function stageImport(ctx: TenantContext, campaignId: string, source: ImportSource, hooks: ImportHooks = {}): Promise<RecipientImport> {
  assertAllowed(ctx.actor, 'campaigns', 'manage');
  const campaign = await getCampaign(ctx, campaignId);
  if (!isOpen(campaign)) throw new ConflictError('campaign: the campaign is closed or over; recipients can no longer be added', 'campaign');
  const sites = await campaignSites(ctx, campaign);
  const today = dayOf(new Date(), (await getEnterprise(ctx.root, ctx.actor.enterpriseId)).tzOffsetMinutes);
  const existing = await existingKeys(ctx, campaignId);
  const seen = new Map<string, number>();
  const errors: RowError[] = [];
  const duplicates: RowDuplicate[] = [];
  const valid: RecipientInput[] = [];
  let rows = 0;
  let errorCount = 0;
  let duplicateCount = 0;
  const meta: { encoding?: string } = {};
  for await (const item of rawRows(source, meta)) {
    if ('rule' in item) {
      errorCount += 1;
      errors.push(item);
      continue;
    }
    rows += 1;
    if (rows % CHUNK_ROWS === 0) hooks.onProgress?.(rows, 0, 'check');
    const checked = checkRecipient(item.row, item.raw, new Set(sites.keys()), today);
    errorCount += checked.errors.length;
    if (errors.length < KEPT_ERRORS) errors.push(...checked.errors.slice(0, KEPT_ERRORS - errors.length));
    if (!checked.input) continue;
    const keys = dedupeKeysOf(checked.input);
    const earlier = keys.map((k) => (existing.has(k) ? 0 : seen.get(k))).find((v) => v !== undefined);
    if (earlier !== undefined) {
      duplicateCount += 1;
      if (duplicates.length < KEPT_DUPLICATES) duplicates.push({ row: item.row, sameAs: earlier });
      continue;
    }
    for (const k of keys) seen.set(k, item.row);
    valid.push(checked.input);
  }
  const at = nowIso();
  const record: RecipientImport = {
    _id: crypto.randomUUID(),
    enterpriseId: ctx.actor.enterpriseId,
    campaignId,
    source: source.kind,
    ...(source.kind === 'csv' && source.fileName ? { fileName: source.fileName.slice(0, 200) } : {}),
    ...(meta.encoding ? { encoding: meta.encoding } : {}),
    state: 'staged',
    rows,
    valid: valid.length,
    errorCount,
    errors,
    duplicateCount,
    duplicates,
    preview: valid.slice(0, 10),
    // Rows with errors are never stored: the import cannot be committed anyway.
    chunks: errorCount === 0 ? Math.ceil(valid.length / CHUNK_ROWS) : 0,
    processed: 0,
    inserted: 0,
    createdAt: at,
    createdBy: ctx.actor.userId,
  };
  await imports(ctx).insertOne(record);
  for (let n = 0; n < record.chunks; n += 1) {
    await chunksOf(ctx).insertOne({
      _id: `${record._id}:${n}`,
      enterpriseId: ctx.actor.enterpriseId,
      importId: record._id,
      n,
      rows: valid.slice(n * CHUNK_ROWS, (n + 1) * CHUNK_ROWS),
    });
  }
  return record;
}

export async function getImport(ctx: TenantContext, campaignId: string, importId: string): Promise<RecipientImport> {
  const found = await imports(ctx).findOne({ _id: importId, campaignId });
  if (!found) throw new NotFoundError('import');
  return found;
}

export async function listImports(ctx: TenantContext, campaignId: string, limit = 10): Promise<RecipientImport[]> {
  return imports(ctx).find({ campaignId }, { sort: { createdAt: -1 }, limit });
}
