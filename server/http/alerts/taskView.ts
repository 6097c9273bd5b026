/**
 * The customer's answers on a follow-up task page, as the respondent saw the
 * questions: section by section in the template's order, each prompt in the
 * page language with the answer in words, photos as thumbnails.
 */
import { t, type Locale } from '../../i18n';
import type { TaskResponse } from '../../services/alerts/taskResponse';
import { reasonsOf, type FollowUpTask } from '../../services/alerts/types';
import { maskContacts } from '../../services/exports/mask';
import type { AnswerDisplay } from '../../services/questions/questionType';
import { questionType } from '../../services/questions/registry';
import type { LocalizedText, Question } from '../../services/templates/types';
import { answerInWords } from '../survey-view';

export interface AnswerItem {
  prompt: string;
  /** The answer in words; empty for photos. */
  words: string;
  /** yes / no / na draw as checklist badges, text as a note, value as a plain badge (the type's module says which). */
  kind: AnswerDisplay;
  critical: boolean;
  /** An answer (or one of the failed items) that opened this case. */
  failed: boolean;
  photos: Array<{ id: string; label: string; thumb: string; full: string }>;
}

const text = (v: LocalizedText, locale: Locale) => v[locale] || v['zh-CN'];
const answered = (v: unknown) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length);

const kindOf = (q: Question, answer: unknown): AnswerItem['kind'] => questionType(q.type).display?.(q, answer) ?? 'value';

/** The questions whose answers opened the case: the rules read the first answered overall rating and NPS question, and the failed critical items. */
function triggerOf(task: FollowUpTask, questions: Question[], answers: TaskResponse['response']['answers']): Set<string> {
  const out = new Set<string>();
  for (const reason of reasonsOf(task).filter((r) => r.responseId === task.responseId)) {
    if (reason.rule === 'criticalMiss') {
      for (const id of reason.detail.items ?? []) out.add(id);
      continue;
    }
    const wanted = (q: Question) => (reason.rule === 'lowOverall' ? q.role === 'overall' && q.type === 'rating' : q.type === 'nps');
    const q = questions.find((x) => wanted(x) && typeof answers[x.id] === 'number');
    if (q) out.add(q.id);
  }
  return out;
}

/** Where a photo answer's images are served from; null where photos are not shown (they stay with the visit and its case). */
type PhotoUrl = ((photoId: string) => string) | null;

function item(locale: Locale, found: TaskResponse, q: Question, trigger: Set<string>, photoUrl: PhotoUrl): AnswerItem {
  const answer = found.response.answers[q.id];
  const base = { prompt: text(q.prompt, locale), critical: q.critical === true, failed: trigger.has(q.id), kind: kindOf(q, answer) };
  if (base.kind !== 'photo') return { ...base, words: maskContacts(answerInWords(q, answer, locale) ?? ''), photos: [] };
  if (!photoUrl) return { ...base, kind: 'value', words: t(locale, 'response.photo'), photos: [] };
  const ids = new Set(Array.isArray(answer) ? answer : []);
  const photos = found.photos
    .filter((p) => ids.has(p._id))
    .map((p) => ({ id: p._id, label: p.label, thumb: `${photoUrl(p._id)}/thumb`, full: photoUrl(p._id) }));
  // A photo removed since (a visit handed back) leaves its answer without an image.
  return { ...base, words: photos.length ? '' : t(locale, 'alerts.answer.photoGone'), photos };
}

/** A response's answers section by section, the `failed` questions marked; phone numbers masked. */
export function answerSheet(locale: Locale, found: TaskResponse, failed: Set<string>, photoUrl: PhotoUrl): Array<{ title: string; items: AnswerItem[] }> {
  const answers = found.response.answers;
  const sections = (found.content?.sections ?? []).map((s) => ({
    title: text(s.title, locale),
    items: s.questions.filter((q) => answered(answers[q.id])).map((q) => item(locale, found, q, failed, photoUrl)),
  }));
  // Answers the version does not know (it should know them all) still show, under their ids.
  const known = new Set((found.content?.sections ?? []).flatMap((s) => s.questions.map((q) => q.id)));
  const unknown = Object.entries(answers)
    .filter(([id, v]) => !known.has(id) && answered(v))
    .map(([id, v]): AnswerItem => ({
      prompt: id,
      words: maskContacts(Array.isArray(v) ? v.join(', ') : String(v)),
      kind: 'value',
      critical: false,
      failed: false,
      photos: [],
    }));
  if (unknown.length) sections.push({ title: t(locale, 'alerts.answers.unknown'), items: unknown });
  return sections.filter((s) => s.items.length);
}

export function answersView(locale: Locale, task: FollowUpTask, found: TaskResponse | null): Array<{ title: string; items: AnswerItem[] }> {
  if (!found) return [];
  const trigger = triggerOf(
    task,
    (found.content?.sections ?? []).flatMap((s) => s.questions),
    found.response.answers,
  );
  return answerSheet(locale, found, trigger, (id) => `/follow-ups/${encodeURIComponent(task._id)}/photos/${encodeURIComponent(id)}`);
}
