/**
 * Every problem of a visit form at once, in the shopper's language, so the
 * whole page is fixed in one go (the service stops at the first problem and
 * checks again on submit).
 */
import { ValidationError } from '../../errors';
import { t, type Locale } from '../../i18n';
import { getEnterprise } from '../../services/accounts/enterprises';
import { nowIso, type TenantContext } from '../../services/context';
import { visibleQuestions } from '../../services/templates/skipLogic';
import type { TemplateContent } from '../../services/templates/types';
import type { VisitEvidence } from '../../services/visits/evidence';
import { normaliseDraft, visitTimes, withPhotoAnswers, type ReportInput } from '../../services/visits/report';
import type { Visit } from '../../services/visits/types';
import { answerErrors } from '../survey-view';
import { COMMENT_PREFIX } from './views';

function timeMessage(locale: Locale, err: ValidationError, visit: Visit): string {
  switch (err.code) {
    case 'outside_window':
      return t(locale, 'visits.form.error.outsideWindow', { from: visit.window.from, to: visit.window.to });
    case 'future':
      return t(locale, 'visits.form.error.future');
    case 'end_before_start':
      return t(locale, 'visits.form.error.endBeforeStart');
    case 'invalid_date':
      return t(locale, 'visits.form.error.date');
    default:
      return t(locale, 'visits.form.error.time');
  }
}

export async function formProblems(
  ctx: TenantContext,
  visit: Visit,
  content: TemplateContent,
  input: ReportInput,
  evidence: VisitEvidence[],
  locale: Locale,
): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  const draft = normaliseDraft(content, input);
  const { tzOffsetMinutes } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  try {
    visitTimes(visit, draft, tzOffsetMinutes, nowIso());
  } catch (err) {
    if (!(err instanceof ValidationError) || !err.field) throw err;
    errors[err.field] = timeMessage(locale, err, visit);
  }
  const raw = withPhotoAnswers(content, draft.answers, evidence);
  Object.assign(errors, answerErrors(content, raw, locale));
  for (const q of visibleQuestions(content, raw)) {
    const answer = raw[q.id];
    if (q.type === 'checklist' && typeof answer === 'string' && answer.trim().toLowerCase() === 'no' && !draft.itemComments[q.id]) {
      errors[`${COMMENT_PREFIX}${q.id}`] = t(locale, 'visits.form.commentRequired');
    }
  }
  return errors;
}
