/**
 * Who is calling, and the store they may see. HTTP routes, socket handlers and
 * scripts build one of these and pass it to the services.
 */
import type { ScopedStore } from '../store/scoped';
import { scoped } from '../store/scoped';
import type { Store } from '../store/types';
import type { Role } from './accounts/roles';

export interface Actor {
  userId: string;
  role: Role;
  /** null only for the platform operator. */
  enterpriseId: string | null;
  /** When set, the user sees only these sites (e.g. a site manager or a shopper's region). */
  siteIds?: string[];
  via: 'session' | 'token' | 'system';
}

/** A caller acting inside one enterprise, with a store confined to it. */
export interface TenantContext {
  actor: Actor & { enterpriseId: string };
  store: ScopedStore;
  /** The unscoped store, for services that must reach shared collections (e.g. users for login). */
  root: Store;
}

export function tenantContext(root: Store, actor: Actor): TenantContext {
  if (!actor.enterpriseId) throw new Error('tenantContext needs an actor with an enterprise');
  return { actor: { ...actor, enterpriseId: actor.enterpriseId }, store: scoped(root, actor.enterpriseId, actor.siteIds), root };
}

/**
 * Runs fn in one transaction, with a context whose stores write inside it: what
 * fn writes commits together or not at all.
 */
export function withTenantTransaction<R>(ctx: TenantContext, fn: (tx: TenantContext) => Promise<R>): Promise<R> {
  return ctx.root.withTransaction((rawTx) => fn(inTransaction(ctx, rawTx)));
}

/** The same caller, its stores writing inside the open transaction rawTx. */
export function inTransaction(ctx: TenantContext, rawTx: Store): TenantContext {
  return { actor: ctx.actor, store: scoped(rawTx, ctx.actor.enterpriseId, ctx.actor.siteIds), root: rawTx };
}

export function systemActor(enterpriseId: string): Actor {
  return { userId: 'system', role: 'admin', enterpriseId, via: 'system' };
}

export function nowIso(): string {
  return new Date().toISOString();
}
