/**
 * The audit log as people read it: a page of entries, newest first, with who
 * acted by name and what was changed in words (a campaign's name, a site's
 * code, an audit entry's indicator), linked to its page when the reader may
 * open it. Names are looked up per page, in one query per kind of object.
 */
import { t, type Locale } from '../i18n';
import type { Doc, Filter } from '../store/types';
import { getEnterprise } from './accounts/enterprises';
import { nameIn } from './accounts/names';
import { can, type Permission } from './accounts/roles';
import type { AuditEntry } from './auditLog';
import { getCatalogue } from './catalogues';
import type { TenantContext } from './context';
import { pageWindow } from './paging';

export const AUDIT_PAGE_SIZE = 100;

/** What an entry changed: `kind` picks the phrase (auditLog.target.<kind>), `name` fills it. */
export interface AuditTarget {
  kind: string;
  name: string;
  href?: string;
}

export interface AuditRow {
  _id: string;
  at: string;
  action: string;
  actorRole: string;
  /** null for the system; the reader sees "system" then. */
  actorName: string | null;
  actorEmail?: string;
  target: AuditTarget;
}

export interface AuditPage {
  rows: AuditRow[];
  total: number;
  page: number;
  pages: number;
  /** Every action the enterprise's log holds, for the filter. */
  actions: string[];
}

type Named = Doc & Record<string, unknown>;

/** Documents of one collection by id, with only the fields a description needs. */
async function byId(ctx: TenantContext, collection: string, ids: Iterable<string>, fields: string[]): Promise<Map<string, Named>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const docs = await ctx.store.collection<Named>(collection).find({ _id: { $in: unique } }, { fields: ['_id', ...fields] });
  return new Map(docs.map((d) => [d._id, d]));
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
/** Composite ids (audit entries, adjustments) start with the audit's id. */
const auditIdOf = (entityId: string) => entityId.split('|')[0]!;

/** The target of each entry on the page, keyed by the entry's _id. */
async function describeTargets(ctx: TenantContext, entries: AuditEntry[], locale: Locale): Promise<Map<string, AuditTarget>> {
  const ids = (entity: string) => entries.filter((e) => e.entity === entity).map((e) => e.entityId);
  const siteIdsOf = entries.flatMap((e) => (typeof e.detail?.siteId === 'string' ? [e.detail.siteId] : []));
  const campaignIdsOf = entries.flatMap((e) => (typeof e.detail?.campaignId === 'string' ? [e.detail.campaignId] : []));
  const auditIds = [...ids('audits'), ...ids('auditEntries').map(auditIdOf), ...ids('auditAdjustments').map(auditIdOf)];
  const [campaigns, templates, audits, sites, users, tokens, lists, cases, tasks, visits, plans, hooks] = await Promise.all([
    byId(ctx, 'campaigns', [...ids('campaigns'), ...campaignIdsOf], ['name']),
    byId(ctx, 'templates', ids('templates'), ['name']),
    byId(ctx, 'audits', auditIds, ['kind', 'plannedDate', 'catalogue']),
    byId(ctx, 'sites', [...ids('sites'), ...siteIdsOf], ['code', 'name', 'nameEn']),
    byId(ctx, 'users', [...ids('users'), ...ids('shopperProfiles')], ['name', 'email']),
    byId(ctx, 'apiTokens', ids('apiTokens'), ['name']),
    byId(ctx, 'callLists', ids('callLists'), ['siteCode', 'periodFrom', 'periodTo']),
    byId(ctx, 'callCases', ids('callCases'), ['siteCode']),
    byId(ctx, 'followUpTasks', ids('followUpTasks'), ['siteCode']),
    byId(ctx, 'visits', ids('visits'), ['seq', 'siteId']),
    byId(ctx, 'visitPlans', ids('visitPlans'), ['siteId', 'from', 'to']),
    byId(ctx, 'webhookEndpoints', ids('webhookEndpoints'), ['url']),
  ]);
  const extraSites = await byId(
    ctx,
    'sites',
    [...visits.values(), ...plans.values()].map((d) => str(d.siteId)).filter((id) => id && !sites.has(id)),
    ['code', 'name', 'nameEn'],
  );
  for (const [id, site] of extraSites) sites.set(id, site);
  const enterpriseName = entries.some((e) => e.entity === 'enterprises') ? nameIn(await getEnterprise(ctx.root, ctx.actor.enterpriseId), locale) : '';

  const role = ctx.actor.role;
  const link = (permission: Permission, href: string) => (can(role, permission) ? href : undefined);
  const siteCode = (id: unknown) => str(sites.get(str(id))?.code) || str(id);
  const auditName = (audit: Named | undefined) => (audit ? str(audit.plannedDate) : '');
  const indicatorName = (audit: Named | undefined, code: string) => {
    const catalogue = audit?.catalogue as { code: string; version: string } | undefined;
    try {
      return catalogue ? (getCatalogue(catalogue.code, catalogue.version).byCode.get(code)?.name[locale] ?? code) : code;
    } catch {
      return code; // a catalogue version no longer shipped: the code still identifies the indicator
    }
  };

  const describe = (e: AuditEntry): AuditTarget | null => {
    const id = e.entityId;
    const found = (docs: Map<string, Named>) => docs.get(id);
    switch (e.entity) {
      case 'campaigns': {
        const c = found(campaigns);
        return c ? { kind: 'campaign', name: str(c.name), href: link('scores.read', `/campaigns/${id}`) } : null;
      }
      case 'recipients': {
        const c = campaigns.get(str(e.detail?.campaignId));
        return c ? { kind: 'recipient', name: str(c.name), href: link('scores.read', `/campaigns/${c._id}`) } : null;
      }
      case 'templates': {
        const t = found(templates)?.name as Record<Locale, string> | undefined;
        return t ? { kind: 'template', name: t[locale] || t['zh-CN'], href: link('templates.manage', `/templates/${id}`) } : null;
      }
      case 'audits': {
        const a = found(audits);
        return a ? { kind: 'audit', name: auditName(a), href: link('scores.read', `/audits/${id}`) } : null;
      }
      case 'auditEntries': {
        const a = audits.get(auditIdOf(id));
        const code = str(e.detail?.code) || id.split('|')[2] || '';
        const name = `${siteCode(e.detail?.siteId)} · ${indicatorName(a, code)}`;
        return a ? { kind: 'auditEntry', name, href: link('scores.read', `/audits/${a._id}?site=${encodeURIComponent(str(e.detail?.siteId))}`) } : null;
      }
      case 'auditAdjustments': {
        const a = audits.get(auditIdOf(id));
        const kind = id.includes('|deduction|') ? 'auditDeduction' : 'auditBonus';
        return a
          ? {
              kind,
              name: `${auditName(a)} · ${siteCode(e.detail?.siteId)}`,
              href: link('scores.read', `/audits/${a._id}?site=${encodeURIComponent(str(e.detail?.siteId))}`),
            }
          : null;
      }
      case 'projects':
        return { kind: 'project', name: '', href: link('scores.read', '/audits') };
      case 'sites': {
        const s = found(sites);
        return s
          ? { kind: 'site', name: `${str(s.code)} ${nameIn({ name: str(s.name), nameEn: str(s.nameEn) }, locale)}`, href: link('sites.manage', '/admin/sites') }
          : null;
      }
      case 'users':
      case 'shopperProfiles': {
        const u = found(users);
        const href = e.entity === 'users' ? link('users.manage', '/admin/users') : link('visits.manage', '/shoppers');
        return u ? { kind: e.entity === 'users' ? 'user' : 'shopper', name: str(u.name) || str(u.email), href } : null;
      }
      case 'apiTokens': {
        const t = found(tokens);
        return t ? { kind: 'apiToken', name: str(t.name), href: link('tokens.manage', '/admin/tokens') } : null;
      }
      case 'enterprises':
        return id === ctx.actor.enterpriseId ? { kind: 'enterprise', name: enterpriseName } : null;
      case 'callLists': {
        const l = found(lists);
        return l
          ? { kind: 'callList', name: `${str(l.siteCode)} ${str(l.periodFrom)}–${str(l.periodTo)}`, href: link('calls.supervise', `/call-lists/${id}`) }
          : null;
      }
      case 'callCases': {
        if (id === 'import') return { kind: 'callImport', name: '', href: link('calls.supervise', '/call-cases') };
        const c = found(cases);
        return c ? { kind: 'callCase', name: str(c.siteCode), href: link('calls.work', `/agent/call-cases/${id}`) } : null;
      }
      case 'followUpTasks': {
        const t = found(tasks);
        return t ? { kind: 'followUp', name: str(t.siteCode), href: link('followUps.read', `/follow-ups/${id}`) } : null;
      }
      case 'alertRules':
        return { kind: 'alertRules', name: '', href: link('alerts.manage', '/alerts') };
      case 'visits': {
        const v = found(visits);
        return v ? { kind: 'visit', name: `${siteCode(v.siteId)} #${String(v.seq)}`, href: link('visits.review', `/review/visits/${id}`) } : null;
      }
      case 'visitPlans': {
        const p = found(plans);
        return p ? { kind: 'visitPlan', name: `${siteCode(p.siteId)} ${str(p.from)}–${str(p.to)}`, href: link('visits.manage', `/visit-plans/${id}`) } : null;
      }
      case 'webhookEndpoints': {
        // A deleted address is still named by the URL its entry recorded.
        const recorded = (e.detail?.after ?? e.detail?.before) as { url?: unknown } | undefined;
        const h = found(hooks);
        const url = str(h?.url) || str(recorded?.url);
        return url ? { kind: 'webhook', name: url, href: h ? link('webhooks.manage', `/admin/webhooks/${id}`) : undefined } : null;
      }
      case 'jobs': {
        const kind = str(e.detail?.kind);
        const label = t(locale, `jobs.kind.${kind}`);
        return { kind: 'job', name: label.startsWith('jobs.kind.') ? '' : label };
      }
      case 'responses':
        return { kind: 'responses', name: '' };
      case 'rollups':
        return { kind: 'scores', name: '' };
      default:
        return null;
    }
  };
  // An object deleted since (or of a kind this page does not know) is still named by its collection and id.
  return new Map(entries.map((e) => [e._id, describe(e) ?? { kind: 'unknown', name: `${e.entity} ${e.entityId}` }]));
}

/** Who acted: user names, API token names, or null for the system. */
async function describeActors(ctx: TenantContext, entries: AuditEntry[]): Promise<Map<string, { name: string | null; email?: string }>> {
  const tokenIds = entries.filter((e) => e.actorId.startsWith('token:')).map((e) => e.actorId.slice('token:'.length));
  const [users, tokens] = await Promise.all([
    byId(
      ctx,
      'users',
      entries.map((e) => e.actorId),
      ['name', 'email'],
    ),
    byId(ctx, 'apiTokens', tokenIds, ['name']),
  ]);
  const actors = new Map<string, { name: string | null; email?: string }>();
  for (const e of entries) {
    if (e.actorId === 'system') actors.set(e.actorId, { name: null });
    else if (e.actorId.startsWith('token:')) actors.set(e.actorId, { name: `API · ${str(tokens.get(e.actorId.slice(6))?.name) || e.actorId.slice(6, 14)}` });
    else {
      const u = users.get(e.actorId);
      actors.set(e.actorId, u ? { name: str(u.name), email: str(u.email) } : { name: e.actorId });
    }
  }
  return actors;
}

/** One page of the log, newest first, optionally only one action. */
export async function browseAudit(ctx: TenantContext, locale: Locale, q: { page: number; action?: string }): Promise<AuditPage> {
  const log = ctx.store.collection<AuditEntry>('auditLog');
  const filter: Filter = q.action ? { action: q.action } : {};
  const [total, actions] = await Promise.all([log.count(filter), log.distinct('action', {})]);
  const { page, pages, offset, limit } = pageWindow(total, q.page, AUDIT_PAGE_SIZE);
  const entries = await log.find(filter, { sort: { at: -1, _id: -1 }, skip: offset, limit });
  const [targets, actors] = await Promise.all([describeTargets(ctx, entries, locale), describeActors(ctx, entries)]);
  const rows = entries.map((e): AuditRow => {
    const actor = actors.get(e.actorId)!;
    return { _id: e._id, at: e.at, action: e.action, actorRole: e.actorRole, actorName: actor.name, actorEmail: actor.email, target: targets.get(e._id)! };
  });
  return { rows, total, page, pages, actions: (actions.filter((a) => typeof a === 'string') as string[]).sort() };
}
