/**
 * Believable service cases and call answers for the demo: Chinese names,
 * mobile and landline numbers, and follow-up call answers whose quality
 * differs by site (SH01 best, WH01 weakest) and improves a little over the
 * year, like the demo survey data. A seeded generator makes every demo store alike.
 */

export type Random = () => number;
export const pick = <T>(rnd: Random, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const SERVICE_TYPES = ['安装', '维修', '维修', '维修', '保养', '清洗'];
const AREA = { BJ01: '010', SH01: '021', GZ01: '020', CD01: '028', WH01: '027' } as Record<string, string>;

/** Mean of the 5-point answers per site, before the improvement over the year. */
const QUALITY: Record<string, number> = { SH01: 4.45, BJ01: 4.35, GZ01: 4.15, CD01: 3.95, WH01: 3.65 };
/** Share of calls somebody answers, per site (busy people in big cities answer less). */
export const REACH: Record<string, number> = { SH01: 0.36, BJ01: 0.38, GZ01: 0.42, CD01: 0.45, WH01: 0.44 };

export function demoCustomer(rnd: Random, siteCode: string) {
  const name = `${pick(rnd, SURNAMES)}${rnd() < 0.5 ? '先生' : '女士'}`;
  // One customer in ten gives a landline.
  const phone =
    rnd() < 0.1
      ? `${AREA[siteCode] ?? '010'}-${6 + Math.floor(rnd() * 3)}${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}`
      : `1${pick(rnd, ['38', '39', '58', '86', '36', '77'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`;
  return { customerName: name, phone, serviceType: pick(rnd, SERVICE_TYPES) };
}

function rating(rnd: Random, mean: number): number {
  // A rounded normal around the mean, SD 0.8, kept on the scale.
  const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  return Math.min(5, Math.max(1, Math.round(mean + 0.8 * z)));
}

const COMMENTS = ['师傅很专业，讲解清楚', '上门比约定时间晚了半小时', '希望配件能更快到货', '态度很好，谢谢', '问题解决了，很满意', '电话预约等了很久', ''];

/** Answers to the default follow-up call script; `progress` runs 0 → 1 over the demo year. */
export function demoCallAnswers(rnd: Random, siteCode: string, progress: number): Record<string, unknown> {
  const mean = (QUALITY[siteCode] ?? 4) + 0.2 * progress;
  const completed = rnd() < 0.95 ? 'yes' : 'no';
  const overall = rating(rnd, mean);
  const answers: Record<string, unknown> = {
    service_completed: completed,
    technician_attitude: rating(rnd, mean + 0.15),
    timeliness: rating(rnd, mean - 0.2),
    overall_satisfaction: overall,
    complaint_channel_known: rnd() < 0.75 ? 'yes' : 'no',
  };
  if (completed === 'yes') answers.problem_solved = rnd() < 0.06 ? 'na' : rnd() < (mean - 1) / 4.2 ? 'yes' : 'no';
  if (rnd() < 0.8) answers.recommend = Math.min(10, Math.max(0, overall * 2 - Math.floor(rnd() * 3)));
  const comment = pick(rnd, COMMENTS);
  if (comment) answers.comment = comment;
  return answers;
}
