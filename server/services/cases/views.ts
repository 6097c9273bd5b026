/**
 * Saved views of the case list: a name and the filters' query string, per
 * user ("my overdue critical cases at BJ01"). The query is stored as given
 * after the route validated it, and opened as a link to the list.
 */
import crypto from 'node:crypto';
import { NotFoundError } from '../../errors';
import type { Doc } from '../../store/types';
import { assertCan } from '../accounts/roles';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';

export interface CaseView extends Doc {
  enterpriseId: string;
  userId: string;
  name: string;
  query: string;
  createdAt: string;
}

const views = (ctx: TenantContext) => ctx.store.collection<CaseView>('caseViews');

export async function listCaseViews(ctx: TenantContext): Promise<CaseView[]> {
  assertCan(ctx.actor.role, 'followUps.read');
  return views(ctx).find({ userId: ctx.actor.userId }, { sort: { name: 1 } });
}

/** Saving under a name already used replaces that view. */
export async function saveCaseView(ctx: TenantContext, name: string, query: string): Promise<CaseView> {
  assertCan(ctx.actor.role, 'followUps.read');
  const existing = await views(ctx).findOne({ userId: ctx.actor.userId, name });
  const view: CaseView = {
    _id: existing?._id ?? crypto.randomUUID(),
    enterpriseId: ctx.actor.enterpriseId,
    userId: ctx.actor.userId,
    name,
    query,
    createdAt: nowIso(),
  };
  await withTenantTransaction(ctx, async (tx) => {
    if (existing) await views(tx).replaceOne({ _id: existing._id }, view);
    else await views(tx).insertOne(view);
    await recordAudit(tx, 'caseView.save', 'caseViews', view._id, { name, query });
  });
  return view;
}

export async function deleteCaseView(ctx: TenantContext, id: string): Promise<void> {
  await withTenantTransaction(ctx, async (tx) => {
    if (!(await views(tx).deleteOne({ _id: id, userId: ctx.actor.userId }))) throw new NotFoundError('saved view');
    await recordAudit(tx, 'caseView.delete', 'caseViews', id, {});
  });
}
