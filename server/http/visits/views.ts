/**
 * View models of visit pages: labels from the catalogues, the checklist form
 * (the shared respondent form plus a comment box per checklist item and the
 * photos already uploaded), the read-only report and the visit score.
 */
import { t, type Locale } from '../../i18n';
import { scoreText } from '../figures';
import type { VisitEvidence } from '../../services/visits/evidence';
import type { Slot, Visit, VisitHistoryEntry, VisitScoreView } from '../../services/visits/types';
import type { LocalizedText, TemplateContent } from '../../services/templates/types';
import { surveyViewModel, type QuestionView } from '../survey-view';

export const COMMENT_PREFIX = 'c_';
const text = (v: LocalizedText | undefined, locale: Locale) => (v ? v[locale] || v['zh-CN'] : '');

export { localStamp as localTime } from '../../services/localTime';

export const slotLabel = (locale: Locale, slot: Slot) => t(locale, `visits.slot.${slot}`);
const QA_STATES: ReadonlySet<Visit['state']> = new Set(['submitted', 'returned', 'approved'] as const);
/** The three QA states say they are QA's ("QA: approved"), so none reads as the visit's pass or fail. */
export function stateLabel(locale: Locale, state: Visit['state']): string {
  const label = t(locale, `visits.state.${state}`);
  return QA_STATES.has(state) ? t(locale, 'visits.qa.state', { state: label }) : label;
}

/**
 * The visit's result (pass or fail, with its score), worded apart from the QA
 * state: a visit can be QA-approved and still fail on a critical item.
 */
export function resultView(locale: Locale, score: VisitScoreView | undefined): { label: string; failed: boolean } | undefined {
  if (!score || (score.score === undefined && !score.failed)) return undefined;
  const points = score.score === undefined ? '—' : scoreText(score.score);
  return { label: t(locale, score.failed ? 'visits.result.fail' : 'visits.result.pass', { score: points }), failed: score.failed };
}

export function evidenceView(e: VisitEvidence) {
  return { id: e._id, label: e.label, thumb: `/visit-evidence/${e._id}/thumb`, full: `/visit-evidence/${e._id}` };
}

/** The form, keeping `answers` and `comments` as entered and showing `errors` (question id or c_<id> → message). */
export function visitFormView(
  content: TemplateContent,
  locale: Locale,
  input: { answers: Record<string, unknown>; itemComments: Record<string, string> },
  errors: Record<string, string>,
  evidence: VisitEvidence[],
) {
  const survey = surveyViewModel(content, locale, input.answers, errors);
  const sections = survey.sections.map((s) => ({
    ...s,
    questions: s.questions.map((q: QuestionView) => ({
      ...q,
      isChecklist: q.type === 'checklist',
      commentName: `${COMMENT_PREFIX}${q.id}`,
      comment: input.itemComments[q.id] ?? '',
      commentError: errors[`${COMMENT_PREFIX}${q.id}`],
      // A comment box shows without JavaScript; visit-form.js hides it until "no" is picked.
      commentOpen: input.answers[q.id] === 'no' || !!input.itemComments[q.id] || !!errors[`${COMMENT_PREFIX}${q.id}`],
      photos: q.type === 'photo' ? evidence.filter((e) => e.questionId === q.id).map(evidenceView) : [],
    })),
  }));
  const commentErrors = Object.entries(errors)
    .filter(([k]) => k.startsWith(COMMENT_PREFIX))
    .map(([k, message]) => ({
      domId: `q_${k.slice(COMMENT_PREFIX.length)}`,
      prompt: survey.sections.flatMap((s) => s.questions).find((q) => q.id === k.slice(COMMENT_PREFIX.length))?.prompt ?? k,
      message,
    }));
  return { ...survey, sections, errorList: [...survey.errorList, ...commentErrors], hasErrors: survey.errorList.length + commentErrors.length > 0 };
}

export function scoreView(locale: Locale, content: TemplateContent, score: VisitScoreView | undefined) {
  if (!score) return null;
  const prompts = new Map(content.sections.flatMap((s) => s.questions).map((q) => [q.id, text(q.prompt, locale)]));
  return {
    value: score.score === undefined ? t(locale, 'visits.score.none') : scoreText(score.score),
    failed: score.failed,
    zero: score.failed && (content.criticalFailure ?? 'zero') === 'zero',
    misses: score.criticalMisses.map((id) => prompts.get(id) ?? id),
  };
}

function answerLabel(locale: Locale, value: unknown): { label: string; kind: string } {
  if (value === null || value === undefined) return { label: t(locale, 'visits.answer.skipped'), kind: 'skip' };
  if (value === 'yes' || value === 'no' || value === 'na') return { label: t(locale, `surveyForm.checklist.${value}`), kind: value };
  return { label: Array.isArray(value) ? value.join(', ') : String(value), kind: 'value' };
}

/** The submitted report, section by section, for reviewers and the shopper. */
export function reportView(locale: Locale, content: TemplateContent, visit: Visit, evidence: VisitEvidence[]) {
  const report = visit.report;
  if (!report) return null;
  return {
    visitDate: report.visitDate,
    startTime: report.startTime,
    endTime: report.endTime,
    comments: report.comments,
    general: evidence.filter((e) => !e.questionId).map(evidenceView),
    sections: content.sections.map((s) => ({
      title: text(s.title, locale),
      items: s.questions.map((q) => ({
        id: q.id,
        prompt: text(q.prompt, locale),
        critical: q.critical === true,
        isPhoto: q.type === 'photo',
        // Free text reads as a note under its question, not as a badge.
        isText: q.type === 'text',
        photos: q.type === 'photo' ? evidence.filter((e) => e.questionId === q.id).map(evidenceView) : [],
        ...answerLabel(locale, report.answers[q.id]),
        comment: report.itemComments[q.id],
      })),
    })),
  };
}

export function visitRow(locale: Locale, v: Visit, names: Map<string, string>) {
  return {
    id: v._id,
    seq: v.seq,
    window: `${v.window.from} – ${v.window.to}`,
    slot: slotLabel(locale, v.slot),
    state: v.state,
    stateLabel: stateLabel(locale, v.state),
    shopper: v.shopperId ? (names.get(v.shopperId) ?? v.shopperId) : '',
    site: names.get(v.siteId) ?? '',
    visitDate: v.report?.visitDate,
    submittedAt: v.submittedAt?.slice(0, 16).replace('T', ' '),
    late: v.late,
    offSlot: v.offSlot,
    result: resultView(locale, v.score),
  };
}

/** One history entry's detail in words: who was assigned, what was corrected from what to what, and why. */
export function historyDetail(locale: Locale, h: VisitHistoryEntry, names: Map<string, string>, prompts: Map<string, string>): string {
  const d = (h.detail ?? {}) as Record<string, unknown>;
  const show = (v: unknown) =>
    v === 'yes' || v === 'no' || v === 'na' ? t(locale, `surveyForm.checklist.${v}`) : v === null || v === undefined ? '—' : String(v);
  switch (h.action) {
    case 'assigned':
      return names.get(String(d.shopperId)) ?? '';
    case 'corrected':
      return `${prompts.get(String(d.questionId)) ?? d.questionId}: ${show(d.before)} → ${show(d.after)} · ${d.reason}`;
    case 'returned':
      return String(d.comments ?? '');
    case 'declined':
      return String(d.reason ?? '');
    case 'submitted':
      return `v${d.revision}${d.late ? ` · ${t(locale, 'visits.late')}` : ''}`;
    case 'approved':
      return `v${d.revision}`;
    default:
      return '';
  }
}
