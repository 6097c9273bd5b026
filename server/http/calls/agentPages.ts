/**
 * The agent workspace (zh-CN first, phone-friendly): take the next case, call
 * the number shown only to you, read the follow-up call template as the
 * script, and record the outcome. A completed call re-renders with every
 * answer problem marked; everything else redirects with a flash.
 */
import type { Request, Response, Router } from 'express';
import { AppError, ConflictError } from '../../errors';
import { caseAttempts, getCase } from '../../services/calls/cases';
import { claimNext, releaseCase, renewClaim } from '../../services/calls/claims';
import { fromLocalInput, localStamp, toLocalInput, tzOffsetOf } from '../../services/calls/clock';
import { getList } from '../../services/calls/lists';
import { recordOutcome } from '../../services/calls/outcomes';
import { caseView, revealCasePhone } from '../../services/calls/views';
import type { CallCase } from '../../services/calls/types';
import { workspace } from '../../services/calls/workspace';
import { getVersion } from '../../services/templates/versions';
import { historyByContact, namesOf } from '../../services/cases/contactHistory';
import { contactHistoryView } from '../cases/contactHistoryView';
import { ctxOf, allow } from '../middleware/auth';
import { answerErrors, formAnswers, surveyViewModel, type RawAnswers } from '../survey-view';
import { param, parse } from '../validate';
import { outcomeMessage } from './outcomeMessage';
import { nextSchema, outcomeFormSchema, outcomeQuerySchema } from './schema';

/** 139 1000 0000: a mobile in the groups people read aloud; landlines stay as stored. */
const spoken = (phone: string) => (/^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone);

const OTHER_OUTCOMES = ['no_answer', 'busy', 'refused', 'wrong_number'] as const;
/** These close the case for good (services/calls/outcomes.ts), so the button asks first. */
const CLOSING_OUTCOMES: ReadonlySet<string> = new Set(['refused', 'wrong_number']);

async function renderCase(
  req: Request,
  res: Response,
  c: CallCase,
  form: { answers?: RawAnswers; errors?: Record<string, string>; status?: number; revealedPhone?: string } = {},
) {
  const ctx = ctxOf(req);
  const t = res.locals.t as (k: string, v?: Record<string, unknown>) => string;
  const [list, attempts, tz, byContact] = await Promise.all([
    getList(ctx, c.callListId!),
    caseAttempts(ctx, c._id),
    tzOffsetOf(ctx),
    // The customer's other service cases, answers and follow-up cases, found by this case's phone.
    historyByContact(ctx, { phones: [c.phone], emails: [] }, { callCaseIds: [c._id] }),
  ]);
  const agents = await namesOf(ctx, [...new Set(attempts.map((a) => a.agentId))]);
  const { content } = await getVersion(ctx, list.templateId, list.templateVersion);
  res.status(form.status ?? 200).render('pages/agent-case', {
    title: t('calls.agent.caseTitle', { caseId: c.caseId }),
    c: { ...caseView(ctx, c), attemptNumber: c.attempts + 1, maxAttempts: list.maxAttempts, claimUntil: localStamp(c.claimExpiresAt, tz).slice(11) },
    // Whole only after the holder's recorded "show" click, on this one answer.
    revealed: form.revealedPhone
      ? { phone: form.revealedPhone, telHref: `tel:${form.revealedPhone.replace(/-(\d{1,6})$/, ',$1').replace(/-/g, '')}`, spoken: spoken(form.revealedPhone) }
      : null,
    survey: surveyViewModel(content, req.locale, form.answers ?? {}, form.errors ?? {}),
    attempts: attempts.map((a) => ({
      at: localStamp(a.at, tz),
      outcome: t(`calls.outcome.${a.outcome}`),
      daypart: t(`calls.daypart.${a.daypart}`),
      note: a.note,
      agent: agents.get(a.agentId) ?? '',
      callbackAt: localStamp(a.callbackAt, tz),
    })),
    byContact: contactHistoryView(req, t, byContact, tz),
    outcomes: OTHER_OUTCOMES.map((o) => {
      const label = t(`calls.outcome.${o}`);
      return { value: o, label, confirm: CLOSING_OUTCOMES.has(o) ? t('calls.agent.closeConfirm', { outcome: label }) : undefined };
    }),
    callbackMin: toLocalInput(new Date(), tz),
  });
}

export function agentPages(pages: Router): void {
  const work = allow('calls', 'work');

  pages.get('/agent', work, async (req, res) => {
    const ctx = ctxOf(req);
    const now = new Date();
    const w = await workspace(ctx, now);
    const t = res.locals.t as (k: string) => string;
    res.render('pages/agent-workspace', {
      title: t('calls.agent.title'),
      held: w.held && caseView(ctx, w.held, now),
      dueNow: w.dueNow,
      callbacks: w.callbacks.map((c) => ({ ...caseView(ctx, c, now), at: localStamp(c.dueAt, w.tz) })),
      myCalls: w.callsToday,
      myOutcomes: w.outcomesToday.map(({ outcome, n }) => ({ label: t(`calls.outcome.${outcome}`), n })),
    });
  });

  pages.post('/agent/next', work, async (req, res) => {
    const { callListId } = parse(nextSchema, req.body);
    const claimed = await claimNext(ctxOf(req), { callListId });
    if (claimed.case) return res.redirect(303, `/agent/call-cases/${claimed.case._id}`);
    req.session.flash = { kind: 'error', text: res.locals.t('calls.agent.noneLeft') };
    res.redirect(303, '/agent');
  });

  pages.get('/agent/call-cases/:id', work, async (req, res) => {
    try {
      // Opening the case keeps the claim alive while the agent is on the call.
      await renderCase(req, res, await renewClaim(ctxOf(req), param(req.params.id)));
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      req.session.flash = { kind: 'error', text: err.message };
      res.redirect(303, '/agent');
    }
  });

  pages.post('/agent/call-cases/:id/phone', work, async (req, res) => {
    const ctx = ctxOf(req);
    const c = await getCase(ctx, param(req.params.id));
    const phone = await revealCasePhone(ctx, c._id);
    res.set('Cache-Control', 'no-store');
    await renderCase(req, res, c, { revealedPhone: phone });
  });

  pages.post('/agent/call-cases/:id/outcome', work, async (req, res) => {
    const ctx = ctxOf(req);
    // The case first: another enterprise's id is a 404 whatever the form says.
    const c = await getCase(ctx, param(req.params.id));
    const thenNext = parse(outcomeQuerySchema, req.query).then === 'next';
    try {
      const form = parse(outcomeFormSchema, req.body);
      const tz = await tzOffsetOf(ctx);
      let answers: RawAnswers | undefined;
      if (form.outcome === 'completed') {
        const list = await getList(ctx, c.callListId ?? '');
        const { content } = await getVersion(ctx, list.templateId, list.templateVersion);
        answers = formAnswers(content, req.body as Record<string, unknown>);
        const errors = answerErrors(content, answers, req.locale);
        if (Object.keys(errors).length && c.status === 'open' && c.holderId === ctx.actor.userId)
          return renderCase(req, res, c, { answers, errors, status: 400 });
      }
      const callbackAt = form.callbackAt ? fromLocalInput(form.callbackAt, tz) : undefined;
      if (callbackAt === null) throw new AppError(400, 'invalid', 'callbackAt: must be a date and time', 'callbackAt');
      const { case: after } = await recordOutcome(ctx, c._id, { outcome: form.outcome, answers, callbackAt, note: form.note }, new Date(), c);
      const t = res.locals.t as (k: string, v?: Record<string, unknown>) => string;
      const done = outcomeMessage(t, c.caseId, form.outcome, after, tz);
      if (!thenNext) {
        req.session.flash = { kind: 'ok', text: done };
        return res.redirect(303, '/agent');
      }
      // "Complete and take next": the agent stays in flow, on the next case or told there is none.
      const claimed = await claimNext(ctx, {});
      const next = claimed.case ? t('calls.flow.nowOn', { caseId: claimed.case.caseId }) : t('calls.agent.noneLeft');
      req.session.flash = { kind: 'ok', text: t('calls.flow.then', { done, next }) };
      res.redirect(303, claimed.case ? `/agent/call-cases/${claimed.case._id}` : '/agent');
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      req.session.flash = { kind: 'error', text: err.message };
      const stillHeld = c.status === 'open' && c.holderId === ctx.actor.userId && err.status !== 409;
      res.redirect(303, stillHeld ? `/agent/call-cases/${c._id}` : '/agent');
    }
  });

  pages.post('/agent/call-cases/:id/release', work, async (req, res) => {
    const ctx = ctxOf(req);
    const c = await getCase(ctx, param(req.params.id));
    try {
      await releaseCase(ctx, c._id);
      req.session.flash = { kind: 'ok', text: res.locals.t('calls.agent.released', { caseId: c.caseId }) };
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      req.session.flash = { kind: 'error', text: err.message };
    }
    res.redirect(303, '/agent');
  });
}
