/**
 * The auditor's entry page: one site at a time, saved all or nothing. A
 * refused save shows the page again with what was typed and the error beside
 * its indicator (400), or with the newer stored entries where someone else
 * saved meanwhile (409); nothing typed is lost either way.
 */
import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { nameIn } from '../../services/accounts/names';
import { allowed } from '../../services/policy';
import { auditSites, siteInScope } from '../../services/audits/audits';
import { EntryConflictError } from '../../services/audits/conflict';
import { saveSiteResults } from '../../services/audits/entries';
import { listAdjustments, listEntries } from '../../services/audits/recorded';
import { scoringCatalogue } from '../../services/audits/projection';
import { type AuditStatus, STATUS_MOVES } from '../../services/audits/types';
import { getProject } from '../../services/scores/projects';
import { getScores } from '../../services/scores/query';
import { CHANNELS } from '../../services/templates/types';
import { ctxOf } from '../middleware/auth';
import { param } from '../validate';
import { entryGroups, rowOfEntry } from './entryView';
import { errorCode, type FormRow, parseSiteForm, type SiteForm } from './entryForm';
import { auditOf } from './load';

interface Refused {
  siteId: string;
  form: SiteForm;
  message: string;
  errors: Map<string, string>;
  conflicts: string[];
  status: number;
}

const ACTION: Record<AuditStatus, (from: AuditStatus) => string> = {
  planned: () => 'plan',
  inProgress: (from) => (from === 'completed' ? 'reopen' : 'start'),
  completed: () => 'complete',
  cancelled: () => 'cancel',
};

export async function renderEntry(req: Request, res: Response, refused?: Refused): Promise<void> {
  const ctx = ctxOf(req);
  const audit = auditOf(res);
  const t = res.locals.t as (key: string, vars?: Record<string, unknown>) => string;
  const sites = await auditSites(ctx, audit);
  const asked = refused?.siteId ?? (typeof req.query.site === 'string' ? req.query.site : sites[0]?._id);
  const site = sites.find((s) => s._id === asked);
  if (sites.length && !site) throw new NotFoundError('site');
  const { catalogue } = scoringCatalogue(await getProject(ctx), audit);
  const canEnter = allowed(req.actor!, 'audits', 'enter') && (audit.status === 'planned' || audit.status === 'inProgress');
  const base = {
    title: t('audits.entry.title', { kind: t(`audits.kind.${audit.kind}`), date: audit.plannedDate }),
    audit: {
      id: audit._id,
      kind: t(`audits.kind.${audit.kind}`),
      plannedDate: audit.plannedDate,
      status: t(`audits.auditStatus.${audit.status}`),
      period: `${audit.evidenceFrom} – ${audit.evidenceTo}`,
      catalogue: t('auditCatalogue.named', { name: catalogue.name[req.locale], version: catalogue.version }),
    },
    actions: allowed(req.actor!, 'audits', 'plan')
      ? STATUS_MOVES[audit.status].map((to) => ({
          status: to,
          label: t(`audits.action.${ACTION[to](audit.status)}`),
          danger: to === 'cancelled',
          confirm: to === 'cancelled' ? t('audits.action.cancelConfirm') : undefined,
        }))
      : [],
    sites: sites.map((s) => ({ id: s._id, code: s.code, name: nameIn(s, req.locale), current: s._id === site?._id })),
    canEnter,
    readOnlyNote: allowed(req.actor!, 'audits', 'enter') ? t('audits.entry.frozen') : t('audits.readOnly'),
  };
  if (!site) return res.render('pages/audit-entry', base);

  const [entries, adjustments, report] = await Promise.all([
    listEntries(ctx, audit._id, site._id),
    listAdjustments(ctx, audit._id, site._id),
    getScores(ctx, { from: audit.evidenceFrom, to: audit.evidenceTo, siteId: site._id }),
  ]);
  const stored = new Map(entries.map((e) => [e.code, e]));
  const rows = new Map<string, FormRow>();
  for (const node of catalogue.indicators) {
    const typed = refused?.form.rows.get(node.code);
    // Where someone else saved meanwhile, show their entry (with its new rev) for the auditor to check.
    rows.set(node.code, typed && !refused!.conflicts.includes(node.code) ? typed : rowOfEntry(stored.get(node.code)));
  }
  const perceived: Record<string, { score: number; n: number }> = {};
  for (const node of catalogue.indicators) {
    const p = report.perceived[node.code];
    if (p?.score != null) perceived[node.code] = { score: p.score, n: CHANNELS.reduce((n, c) => n + (report.channels[c].indicators[node.code]?.n ?? 0), 0) };
  }
  const bonus = adjustments.find((a) => a.kind === 'bonus');
  const storedBonus = { points: bonus ? String(bonus.points) : '', reason: bonus?.reason ?? '', rev: bonus?.rev ?? 0 };
  const conflictMessage = refused?.conflicts.length
    ? t('audits.entry.conflict', {
        names: refused.conflicts
          .map((c) => (c === 'bonus' ? t('audits.bonus.title') : (catalogue.byCode.get(c)?.name[req.locale] ?? c)))
          .join(t('audits.listSeparator')),
      })
    : null;
  res.status(refused?.status ?? 200).render('pages/audit-entry', {
    ...base,
    site: { id: site._id, code: site.code, name: nameIn(site, req.locale) },
    levels: entryGroups(catalogue, req.locale, t, rows, perceived, refused?.errors ?? new Map()),
    bonus: refused && !refused.conflicts.includes('bonus') ? refused.form.bonusRow : storedBonus,
    bonusError: refused?.errors.get('bonus') ?? null,
    bonusCap: 1,
    deductions: adjustments.filter((a) => a.kind === 'deduction').map((d) => ({ id: d._id, reason: d.reason, evidence: d.evidence ?? '' })),
    requestId: crypto.randomUUID(),
    error: conflictMessage ?? refused?.message ?? null,
  });
}

export async function saveSite(req: Request, res: Response): Promise<void> {
  const ctx = ctxOf(req);
  const audit = auditOf(res);
  const site = await siteInScope(ctx, audit, param(req.params.siteId, 'siteId'));
  const { catalogue } = scoringCatalogue(await getProject(ctx), audit);
  const form = parseSiteForm(catalogue, req.body as Record<string, unknown>);
  try {
    const { changed } = await saveSiteResults(ctx, audit._id, site._id, form.changes, form.bonus);
    req.session.flash = { kind: 'ok', text: res.locals.t('audits.saved', { site: site.code, count: changed.length }) };
    res.redirect(303, `/audits/${audit._id}?site=${site._id}`);
  } catch (err) {
    const base = { siteId: site._id, form, errors: new Map<string, string>(), conflicts: [] as string[], message: '' };
    if (err instanceof EntryConflictError) return renderEntry(req, res, { ...base, conflicts: err.codes, message: err.message, status: 409 });
    if (err instanceof ConflictError) {
      // The audit itself refuses (completed, or stage 2 before its gate): nothing typed can be saved now.
      req.session.flash = { kind: 'error', text: err.message };
      return res.redirect(303, `/audits/${audit._id}?site=${site._id}`);
    }
    if (!(err instanceof ValidationError)) throw err;
    const code = errorCode(form.changes, err.field);
    if (code) base.errors.set(code, err.message);
    else if (err.field?.startsWith('bonus')) base.errors.set('bonus', err.message);
    return renderEntry(req, res, { ...base, message: err.message, status: 400 });
  }
}
