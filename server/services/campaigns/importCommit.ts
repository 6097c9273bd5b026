/**
 * Recipient imports, step two: committing. The staged rows go in in batches
 * with progress; if a batch fails, the rows this import already inserted are
 * removed again and the counters taken back, so an import lands whole or not
 * at all. An import whose process stopped is rolled back by the jobs.
 */
import crypto from 'node:crypto';
import { ConflictError } from '../../errors';
import { timeOrderedId } from '../../store/ids';
import type { Store } from '../../store/types';
import type { Site } from '../accounts/sites';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { getCampaign } from './campaigns';
import { bump, recountCampaign } from './counters';
import { campaignSites, chunksOf, existingKeys, getImport, imports, recipientsOf, stageImport, type ImportHooks, type ImportSource } from './importStage';
import { dedupeKeysOf } from './recipientRows';
import { newToken } from './tokens';
import { NEVER, type Campaign, type Recipient, type RecipientImport, type RecipientInput } from './types';
import { assertAllowed } from '../policy';

/** A running import that has not moved for this long was interrupted (its process stopped). */
const STALE_MS = 5 * 60_000;

function perSite(docs: Recipient[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of docs) counts.set(d.siteId, (counts.get(d.siteId) ?? 0) + 1);
  return counts;
}

const keyDigest = (value: string) => crypto.createHash('sha256').update(value).digest('base64url');

function recipientOf(ctx: TenantContext, campaign: Campaign, importId: string, site: Site, input: RecipientInput, at: string): Recipient {
  const _id = timeOrderedId();
  const { row, siteCode: _code, ...contact } = input;
  return {
    _id,
    enterpriseId: ctx.actor.enterpriseId,
    campaignId: campaign._id,
    importId,
    row,
    siteId: site._id,
    siteCode: site.code,
    ...contact,
    // Hashed, so purging contact data later leaves nothing readable; a row without an email
    // (or phone) gets a filler unique to it, so the unique index lets it through.
    emailKey: input.email ? keyDigest(`${input.email}|${input.caseId ?? ''}`) : `-${_id}`,
    phoneKey: input.phone ? keyDigest(`${input.phone}|${input.caseId ?? ''}`) : `-${_id}`,
    token: newToken(),
    expiresAt: campaign.linksExpireAt,
    createdAt: at,
    mailsSent: 0,
    remindersSent: 0,
    nextMailAt: NEVER,
    claimUntil: '',
  };
}

/** Marks a staged import as running; refuses one with errors, nothing new, or already started. */
export async function claimImport(ctx: TenantContext, campaignId: string, importId: string): Promise<RecipientImport> {
  assertAllowed(ctx.actor, 'campaigns', 'manage');
  const staged = await getImport(ctx, campaignId, importId);
  if (staged.errorCount > 0) throw new ConflictError(`import: ${staged.errorCount} rows have errors; fix the file and upload it again`, 'import');
  if (staged.valid === 0) throw new ConflictError('import: there are no new recipients to import', 'import');
  const started = nowIso();
  const claimed = await imports(ctx).findOneAndUpdate(
    { _id: importId, state: 'staged' },
    { $set: { state: 'running', startedAt: started, heartbeatAt: started } },
  );
  if (!claimed) throw new ConflictError('import: this import has already been started', 'import');
  return claimed;
}

/** Inserts a claimed import's rows in batches; all or nothing. Resolves with the finished import record. */
export async function runImport(ctx: TenantContext, claimed: RecipientImport, hooks: ImportHooks = {}): Promise<RecipientImport> {
  const importId = claimed._id;
  // Recipients added per site so far, to take back from the counters if the import fails.
  const counted = new Map<string, number>();
  try {
    const campaign = await getCampaign(ctx, claimed.campaignId);
    const sites = await campaignSites(ctx, campaign);
    // Another import may have added the same people since this one was staged.
    const existing = await existingKeys(ctx, campaign._id);
    let processed = 0;
    let inserted = 0;
    let late = 0;
    for (let n = 0; n < claimed.chunks; n += 1) {
      const chunk = await chunksOf(ctx).findOne({ _id: `${importId}:${n}` });
      if (!chunk) throw new Error(`chunk ${n} of import ${importId} is missing`);
      const at = nowIso();
      const docs: Recipient[] = [];
      for (const input of chunk.rows) {
        const keys = dedupeKeysOf(input);
        if (keys.some((k) => existing.has(k))) late += 1;
        else docs.push(recipientOf(ctx, campaign, importId, sites.get(input.siteCode)!, input, at));
        for (const k of keys) existing.add(k);
      }
      if (docs.length) await recipientsOf(ctx).insertMany(docs);
      for (const [siteId, n] of perSite(docs)) {
        await bump(ctx.store, { enterpriseId: ctx.actor.enterpriseId, campaignId: campaign._id, siteId }, { recipients: n });
        counted.set(siteId, (counted.get(siteId) ?? 0) + n);
      }
      processed += chunk.rows.length;
      inserted += docs.length;
      await imports(ctx).updateOne({ _id: importId }, { $set: { processed, inserted, heartbeatAt: nowIso() } });
      hooks.onProgress?.(processed, claimed.valid, 'import');
    }
    // The batches went in one by one (an import may hold 100,000 rows); the import counts as done, and is
    // logged, in one transaction, and a failure there takes the batches back out below.
    return await withTenantTransaction(ctx, async (tx) => {
      const done = await imports(tx).findOneAndUpdate(
        { _id: importId },
        { $set: { state: 'done', finishedAt: nowIso(), duplicateCount: claimed.duplicateCount + late } },
      );
      await chunksOf(tx).deleteMany({ importId });
      await recordAudit(tx, 'campaign.importRecipients', 'campaigns', campaign._id, { importId, inserted, duplicates: claimed.duplicateCount + late });
      return done!;
    });
  } catch (err) {
    await rollBack(ctx.store, claimed, err instanceof Error ? err.message : String(err));
    for (const [siteId, n] of counted)
      await bump(ctx.store, { enterpriseId: ctx.actor.enterpriseId, campaignId: claimed.campaignId, siteId }, { recipients: -n });
    throw err;
  }
}

export async function commitImport(ctx: TenantContext, campaignId: string, importId: string, hooks: ImportHooks = {}): Promise<RecipientImport> {
  return runImport(ctx, await claimImport(ctx, campaignId, importId), hooks);
}

async function rollBack(store: Store, record: RecipientImport, failure: string): Promise<void> {
  // Filtered by enterprise and campaign too, so the campaign index finds the rows.
  await store.collection('recipients').deleteMany({ enterpriseId: record.enterpriseId, campaignId: record.campaignId, importId: record._id });
  await store
    .collection<RecipientImport>('recipientImports')
    .updateOne({ _id: record._id }, { $set: { state: 'failed', failure: failure.slice(0, 500), finishedAt: nowIso(), inserted: 0 } });
}

/** Rolls back imports whose process stopped mid-way (run by the campaign jobs). */
export async function failStaleImports(root: Store, now = new Date()): Promise<number> {
  const stale = await root
    .collection<RecipientImport>('recipientImports')
    .find({ state: 'running', heartbeatAt: { $lt: new Date(now.getTime() - STALE_MS).toISOString() } });
  for (const record of stale) {
    await rollBack(root, record, 'interrupted: the server stopped during the import; nothing of it was kept');
    // How far the counters got is unknown: count again.
    await recountCampaign(root, record.enterpriseId, record.campaignId);
  }
  return stale.length;
}

/** Stage and commit in one call (the API and scripts): a batch with row errors returns them and stores nothing. */
export async function importRecipients(ctx: TenantContext, campaignId: string, source: ImportSource, hooks: ImportHooks = {}): Promise<RecipientImport> {
  const staged = await stageImport(ctx, campaignId, source, hooks);
  if (staged.errorCount > 0 || staged.valid === 0) return staged;
  return commitImport(ctx, campaignId, staged._id, hooks);
}
