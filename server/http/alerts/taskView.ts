/**
 * The customer's answers on a follow-up task page, as the respondent saw the
 * questions: section by section in the template's order, each prompt in the
 * page language with the answer in words, photos as thumbnails.
 */
import { t, type Locale } from '../../i18n';
import type { TaskResponse } from '../../services/alerts/taskResponse';
import type { FollowUpTask } from '../../services/alerts/types';
import { maskContacts } from '../../services/exports/mask';
import type { LocalizedText, Question } from '../../services/templates/types';
import { answerInWords } from '../survey-view';

export interface AnswerItem {
  prompt: string;
  /** The answer in words; empty for photos. */
  words: string;
  /** yes / no / na draw as checklist badges, text as a note, value as a plain badge. */
  kind: 'yes' | 'no' | 'na' | 'text' | 'value' | 'photo';
  critical: boolean;
  /** The answer (or one of the failed items) that opened this task. */
  failed: boolean;
  photos: Array<{ id: string; label: string; thumb: string; full: string }>;
}

const text = (v: LocalizedText, locale: Locale) => v[locale] || v['zh-CN'];
const answered = (v: unknown) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length);

function kindOf(q: Question, answer: unknown): AnswerItem['kind'] {
  if (q.type === 'checklist' && (answer === 'yes' || answer === 'no' || answer === 'na')) return answer;
  return q.type === 'text' ? 'text' : q.type === 'photo' ? 'photo' : 'value';
}

/** The question whose answer opened the task: the rules read the first answered overall rating or NPS question. */
function triggerOf(task: FollowUpTask, questions: Question[], answers: TaskResponse['response']['answers']): Set<string> {
  if (task.rule === 'criticalMiss') return new Set(task.detail.items ?? []);
  const wanted = (q: Question) => (task.rule === 'lowOverall' ? q.role === 'overall' && q.type === 'rating' : q.type === 'nps');
  const q = questions.find((x) => wanted(x) && typeof answers[x.id] === 'number');
  return new Set(q ? [q.id] : []);
}

function item(locale: Locale, task: FollowUpTask, found: TaskResponse, q: Question, trigger: Set<string>): AnswerItem {
  const answer = found.response.answers[q.id];
  const base = { prompt: text(q.prompt, locale), critical: q.critical === true, failed: trigger.has(q.id), kind: kindOf(q, answer) };
  if (q.type !== 'photo') return { ...base, words: maskContacts(answerInWords(q, answer, locale) ?? ''), photos: [] };
  const ids = new Set(Array.isArray(answer) ? answer : []);
  const photoUrl = (id: string) => `/follow-ups/${encodeURIComponent(task._id)}/photos/${encodeURIComponent(id)}`;
  const photos = found.photos.filter((p) => ids.has(p._id)).map((p) => ({ id: p._id, label: p.label, thumb: `${photoUrl(p._id)}/thumb`, full: photoUrl(p._id) }));
  // A photo removed since (a visit handed back) leaves its answer without an image.
  return { ...base, words: photos.length ? '' : t(locale, 'alerts.answer.photoGone'), photos };
}

export function answersView(locale: Locale, task: FollowUpTask, found: TaskResponse | null): Array<{ title: string; items: AnswerItem[] }> {
  if (!found) return [];
  const answers = found.response.answers;
  const trigger = triggerOf(task, (found.content?.sections ?? []).flatMap((s) => s.questions), answers);
  const sections = (found.content?.sections ?? []).map((s) => ({
    title: text(s.title, locale),
    items: s.questions.filter((q) => answered(answers[q.id])).map((q) => item(locale, task, found, q, trigger)),
  }));
  // Answers the version does not know (it should know them all) still show, under their ids.
  const known = new Set((found.content?.sections ?? []).flatMap((s) => s.questions.map((q) => q.id)));
  const unknown = Object.entries(answers)
    .filter(([id, v]) => !known.has(id) && answered(v))
    .map(([id, v]): AnswerItem => ({ prompt: id, words: maskContacts(Array.isArray(v) ? v.join(', ') : String(v)), kind: 'value', critical: false, failed: false, photos: [] }));
  if (unknown.length) sections.push({ title: t(locale, 'alerts.answers.unknown'), items: unknown });
  return sections.filter((s) => s.items.length);
}
