/**
 * Believable customers and answers for the demo campaign: Chinese names,
 * contact details on demo.test, and answers to the default satisfaction survey
 * whose quality differs by site (SH01 best, WH01 weakest) and improves a little
 * over the year. A seeded generator makes every demo store the same.
 */

export type Random = () => number;

const pick = <T>(rnd: Random, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

/** Box–Muller: a normal deviate with mean 0 and SD 1. */
function normal(rnd: Random): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

/** Per site: mean satisfaction on the 5-point scale, share who answer, share who complain. */
export const SITE_PROFILES: Record<string, { quality: number; responseRate: number; complaints: number; share: number }> = {
  BJ01: { quality: 4.15, responseRate: 0.56, complaints: 0.07, share: 0.24 },
  SH01: { quality: 4.5, responseRate: 0.63, complaints: 0.04, share: 0.24 },
  GZ01: { quality: 4.0, responseRate: 0.54, complaints: 0.08, share: 0.2 },
  CD01: { quality: 3.85, responseRate: 0.5, complaints: 0.09, share: 0.16 },
  WH01: { quality: 3.35, responseRate: 0.44, complaints: 0.16, share: 0.16 },
};

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '华',
  '建国',
  '晓东',
  '雪梅',
  '海燕',
  '志强',
];

export function demoCustomer(rnd: Random, i: number) {
  const n = String(i + 1).padStart(4, '0');
  const withEmail = rnd() < 0.85;
  const withPhone = !withEmail || rnd() < 0.6;
  return {
    name: `${pick(rnd, SURNAMES)}${pick(rnd, GIVEN)}`,
    ...(withEmail ? { email: `customer${n}@demo.test` } : {}),
    ...(withPhone ? { phone: `1${pick(rnd, ['38', '39', '58', '86', '37'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}` } : {}),
  };
}

export function siteFor(rnd: Random): string {
  let r = rnd();
  for (const [code, p] of Object.entries(SITE_PROFILES)) {
    r -= p.share;
    if (r <= 0) return code;
  }
  return 'BJ01';
}

// What customers write, by how the service went (the customer voice page finds their topics and tone).
const GOOD = [
  '师傅很专业，讲解也很耐心。',
  '上门准时，服务态度好。',
  '维修很快，当天就修好了。',
  '安装很规范，还帮忙清理了现场。',
  '师傅提前半小时打电话确认，很准时。',
  '收费合理，先报价后维修，没有乱收费。',
  '师傅进门主动穿鞋套，走之前把地拖干净了。',
  '用的是原厂配件，还把换下来的旧件给我看了。',
  '客服回访很及时，问得也仔细。',
  '师傅技术不错，十分钟就找到了问题。',
  '热水器安装得很规范，还教我怎么调温度。',
  '保修期内一分钱没花，很放心。',
];
const MIXED = [
  '等待时间有点长，希望能提前电话确认。',
  '问题解决了，但预约比较麻烦。',
  '师傅不错，就是配件要等好几天。',
  '师傅态度还行，就是来晚了半小时。',
  '修好了，不过上门费有点贵。',
  '服务一般，回访电话打了两次。',
];
const BAD = [
  '来回跑了两次才修好，希望改进。',
  '电话很难打通，回复太慢。',
  '服务人员迟到也没有提前告知。',
  '问题没有彻底解决，很失望。',
  '修完第二天又不制冷了，对这次维修不满意。',
  '态度太差了，问两句就不耐烦。',
];

/** What customers of a site complain about most, added to the common complaints (so sites differ on the customer voice page). */
const SITE_COMPLAINTS: Record<string, readonly string[]> = {
  BJ01: ['400电话打了半小时都打不进去。', '客服说会有人联系我，结果一直没人打来。'],
  SH01: [],
  GZ01: ['约的上午九点到十二点，结果下午三点才来。', '师傅没有准时上门，害我请了半天假白等。'],
  CD01: ['换个电容收了两百八，太贵了。', '保修期内还要收上门费，不合理。', '修之前说一百，修完变三百。'],
  WH01: ['报修三天都没人上门，太慢了。', '配件缺货，等了一个多星期才修好。', '配件要从厂家调，电视半个月没法看。'],
};

/**
 * Answers of one customer at a site whose mean quality is `quality`, `yearShare`
 * (0 = a year ago, 1 = now) into the year: scores drift up 0.15 over the year.
 */
export function demoAnswers(rnd: Random, quality: number, yearShare: number, complaintRate: number, siteCode?: string): Record<string, unknown> {
  const mean = quality - 0.15 + 0.15 * yearShare;
  const rating = (shift = 0) => Math.min(5, Math.max(1, Math.round(mean + shift + normal(rnd) * 0.75)));
  const kind = rnd();
  const service = kind < 0.55 ? 'repair' : kind < 0.9 ? 'delivery_install' : 'consultation';
  const overall = rating();
  const answers: Record<string, unknown> = { service_type: service };
  if (service === 'repair') {
    answers.repair_speed = rating(-0.2);
    const solved = rnd();
    const pYes = Math.min(0.97, (mean - 1) / 4 + 0.1);
    answers.problem_solved = solved < pYes ? 'yes' : solved < pYes + (1 - pYes) * 0.6 ? 'partly' : 'no';
    if (rnd() < 0.8) answers.explanation = rating();
  }
  if (service === 'delivery_install') {
    answers.delivery_on_time = rating(0.1);
    answers.install_quality = rating();
  }
  answers.staff_attitude = rating(0.15);
  answers.effort = rating(-0.1);
  const complained = rnd() < complaintRate;
  answers.raised_complaint = complained ? 'yes' : 'no';
  if (complained) answers.complaint_handling = rating(-0.6);
  if (rnd() < 0.7) answers.feedback_heard = rating(-0.1);
  answers.overall_satisfaction = overall;
  answers.recommend = Math.min(10, Math.max(0, Math.round(overall * 2 - 0.5 + normal(rnd) * 1.2)));
  // The site's own complaints weigh more among the middling and low scores; one draw either way, so the seeded stream is unchanged.
  const own = SITE_COMPLAINTS[siteCode ?? ''] ?? [];
  if (rnd() < 0.3) answers.comment = pick(rnd, overall >= 4 ? GOOD : overall === 3 ? [...MIXED, ...own] : [...BAD, ...own, ...own]);
  return answers;
}
