/**
 * Answer sets for the three default templates, drawn from a seeded random
 * source with a site-specific quality, for the demo dashboards and for tests
 * and benchmarks that need realistic responses.
 */
import type { Answers } from '../templates/types';
import { mulberry32 } from '../random';

export type Random = () => number;

export const seededRandom: (seed: number) => Random = mulberry32;

/** A 1–5 rating around quality q (0–1). */
function rating(r: Random, q: number): number {
  return Math.max(1, Math.min(5, Math.round(1 + 4 * q + (r() - 0.5) * 2.4)));
}
const yesNo = (r: Random, q: number) => (r() < q ? 'yes' : 'no');
const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)];

const GOOD = ['师傅很专业，讲解清楚', '上门准时，服务态度好', '维修很快，问题一次解决', '客服回访很及时', 'Technician was on time and polite'];
const BAD = ['等了三天才上门，太慢了', '维修后问题又出现了', '收费不透明，没有提前报价', '电话一直打不通，请回电 13812345678', '态度冷淡，不解释原因'];

export function surveyAnswersFor(r: Random, q: number): Answers {
  const overall = rating(r, q);
  return {
    service_type: 'repair',
    repair_speed: rating(r, q),
    problem_solved: yesNo(r, 0.4 + q * 0.6),
    explanation: rating(r, q),
    staff_attitude: rating(r, q + 0.05),
    effort: rating(r, q),
    raised_complaint: 'no',
    feedback_heard: rating(r, q - 0.05),
    overall_satisfaction: overall,
    recommend: Math.max(0, Math.min(10, Math.round(overall * 2 + (r() - 0.5) * 2))),
    comment: r() < 0.35 ? pick(r, overall <= 2 ? BAD : GOOD) : null,
  };
}

export function callAnswersFor(r: Random, q: number): Answers {
  const overall = rating(r, q);
  return {
    service_completed: 'yes',
    technician_attitude: rating(r, q),
    timeliness: rating(r, q),
    problem_solved: yesNo(r, 0.4 + q * 0.6),
    complaint_channel_known: yesNo(r, q),
    overall_satisfaction: overall,
    recommend: Math.max(0, Math.min(10, Math.round(overall * 2 + (r() - 0.5) * 2))),
    comment: r() < 0.3 ? pick(r, overall <= 2 ? BAD : GOOD) : null,
  };
}

const MYSTERY_ITEMS = [
  'sign_visible', 'hours_posted', 'premises_clean', 'waiting_area', 'commitment_posted', 'complaint_number_posted', 'greeted_promptly', 'uniform_badge',
  'polite_attentive', 'request_registered', 'asked_symptoms', 'explained_cause', 'equipment_used', 'warranty_explained', 'timeframe_given', 'price_list_posted',
  'quote_before_work', 'parts_explained', 'no_unagreed_charges', 'receipt_offered', 'result_demonstrated', 'work_order_copy', 'repair_warranty_stated',
  'feedback_invited', 'contact_given', 'courteous_farewell',
];

export function mysteryAnswersFor(r: Random, q: number): Answers {
  const answers: Answers = { wait_minutes: Math.round(5 + (1 - q) * 30 * r()), staff_description: '前台女士，戴工牌，约三十岁' };
  for (const id of MYSTERY_ITEMS) answers[id] = r() < 0.05 ? 'na' : yesNo(r, 0.55 + q * 0.45);
  return answers;
}
