/**
 * Answer sets for the three default templates, drawn from a seeded random
 * source with a site-specific quality, for the demo dashboards and for tests
 * and benchmarks that need realistic responses.
 */
import { checklistItemIds, shippedDefault } from '../templates/defaults';
import type { Answers } from '../templates/types';

export type Random = () => number;

/** A 1–5 rating around quality q (0–1). */
function rating(r: Random, q: number): number {
  return Math.max(1, Math.min(5, Math.round(1 + 4 * q + (r() - 0.5) * 2.4)));
}
const yesNo = (r: Random, q: number) => (r() < q ? 'yes' : 'no');
const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)];

// Customer comments by how the visit went: what after-sales customers write (the customer voice page finds their topics).
const GOOD = [
  '师傅很专业，讲解清楚',
  '上门准时，服务态度好',
  '维修很快，问题一次解决',
  '客服回访很及时',
  'Technician was on time and polite',
  '师傅提前打电话确认，很准时',
  '收费合理，明码标价',
  '师傅进门穿鞋套，走的时候还把地拖干净了',
  '用的原厂配件，师傅把旧件给我看了',
  '安装很规范，还教我怎么用',
  '当天报修当天修好，效率高',
  '师傅很耐心，老人听不懂就反复讲',
  '没有乱收费，保修期内一分钱没花',
];
const MIXED = [
  '师傅态度不错，就是来晚了半小时',
  '修好了，不过上门费有点贵',
  '等了两天才上门，但师傅修得很好',
  '配件要从厂家调，等了几天',
  '预约电话打了好几次才打通',
  '服务还行，希望能提前告知费用',
  '师傅人挺好，收拾得不太干净',
];
const BAD = [
  '等了三天才上门，太慢了',
  '维修后问题又出现了',
  '收费不透明，没有提前报价',
  '电话一直打不通，请回电 13812345678',
  '态度冷淡，不解释原因',
  '约好上午来，下午四点才到，也没打电话说一声',
  '换个电容收了两百八，太贵了',
  '配件缺货，等了一个多星期',
  '修了两次还是漏水，很不满意',
  '师傅没有准时上门，害我白等半天',
  '保修期内还收上门费，不合理',
  '客服一直说会安排，结果没人联系我',
];

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
    comment: r() < 0.35 ? pick(r, overall <= 2 ? BAD : overall === 3 ? MIXED : GOOD) : null,
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
    comment: r() < 0.3 ? pick(r, overall <= 2 ? BAD : overall === 3 ? MIXED : GOOD) : null,
  };
}

/** The shipped mystery checklist's items, which the demo's visits tick. */
const mysteryItems = () => checklistItemIds(shippedDefault('mystery'));

export function mysteryAnswersFor(r: Random, q: number): Answers {
  const answers: Answers = { wait_minutes: Math.round(5 + (1 - q) * 30 * r()), staff_description: '前台女士，戴工牌，约三十岁' };
  for (const id of mysteryItems()) answers[id] = r() < 0.05 ? 'na' : yesNo(r, 0.55 + q * 0.45);
  return answers;
}
