/** A tenant context whose store is a transaction's handle, so audit-log entries commit with the change they record. */
import { scoped } from '../../store/scoped';
import type { Store } from '../../store/types';
import type { TenantContext } from '../context';

export function txContext(ctx: TenantContext, tx: Store): TenantContext {
  return { ...ctx, store: scoped(tx, ctx.actor.enterpriseId, ctx.actor.siteIds) };
}
