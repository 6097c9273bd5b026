/**
 * Made-up but plausible mystery-visit reports for the demo: a date and times in
 * the visit's slot, checklist answers whose pass rate differs by site, comments
 * on every "no", and a small storefront photo drawn with sharp. Deterministic:
 * the same visit always gets the same report.
 */
import type { TemplateContent } from '../templates/types';
import { SLOT_HOURS, slotDayType } from '../visits/slots';
import type { Visit } from '../visits/types';
import { addDays, daysBetween, isWeekend } from '../calendar';

/** What a shopper writes when an item of the default checklist fails, by question: the remark must fit the item. */
const NO_COMMENTS: Record<string, readonly string[]> = {
  sign_visible: ['门头灯箱不亮，从商场通道看不到标识', '标识被广告牌遮挡，看不清'],
  hours_posted: ['门口没有张贴营业时间', '营业时间写 9:00 开门，9:20 才开门'],
  premises_clean: ['接待台上堆着待修产品和纸箱', '地面有积水，垃圾桶已满'],
  waiting_area: ['等候区只有两把椅子，已有人坐满', '没有等候座位，只能站着等'],
  commitment_posted: ['未见服务承诺公示', '服务承诺贴在里间，顾客看不到'],
  complaint_number_posted: ['店内未见投诉或监督电话', '只有总部热线，没有本网点监督电话'],
  greeted_promptly: ['进店约 5 分钟无人招呼', '工作人员一直在打电话，4 分钟后才招呼'],
  uniform_badge: ['接待人员未佩戴工牌', '穿便装，没有穿工装'],
  polite_attentive: ['没等说完就打断，态度不耐烦', '边看手机边听，没有看着顾客'],
  request_registered: ['只口头记下电话，没有开受理单', '开了受理单但没有写故障描述'],
  asked_symptoms: ['没有询问故障现象，直接收下产品', '只问了购买时间，没有问使用情况'],
  explained_cause: ['只说“要拆开看”，没有解释可能原因', '解释全是专业术语，没有听懂'],
  equipment_used: ['只是目测，没有用检测仪器', '检测设备在维修间，没有当面检测'],
  warranty_explained: ['没有说明是否在保修期内', '询问后才告知保修范围'],
  timeframe_given: ['只说“修好了通知你”，没有给时间', '询问后才告知预计三天'],
  price_list_posted: ['店内未见收费标准或配件价格', '价目表过期，还是去年的价格'],
  quote_before_work: ['没有事先报价，取件时才告知费用', '只说“按标准收费”，没有说具体金额'],
  parts_explained: ['没有说明配件是否原厂件', '要求查看旧件，说已经丢弃'],
  no_unagreed_charges: ['取件时多收了 30 元检测费，事先未告知', '最终收费比报价高 50 元，解释为“辅料费”'],
  receipt_offered: ['没有主动提供发票，询问后才开', '只给了手写收据，没有正式凭证'],
  result_demonstrated: ['取件时没有当面开机测试', '直接装袋交给顾客，没有演示'],
  work_order_copy: ['没有提供维修单', '维修单只写“已修复”，没有写维修内容'],
  repair_warranty_stated: ['没有告知本次维修的保修期', '询问后才说保修三个月'],
  feedback_invited: ['没有邀请评价，也没有提到回访', '只说“有问题再来”'],
  contact_given: ['没有留联系方式', '只给了总部热线，网点电话打不通'],
  courteous_farewell: ['离店时工作人员没有抬头', '没有道别，直接接待下一位'],
};
/** For items of other checklists: a remark that fits any item. */
const ANY_NO_COMMENT = ['现场未做到，详见照片', '询问后才做到'];
const STAFF = ['女，约25岁，工牌 A017，扎马尾', '男，约35岁，工牌 B203，戴眼镜', '女，约40岁，未佩戴工牌', '男，约28岁，工牌 C115，穿蓝色工装'];
const pad = (n: number) => String(n).padStart(2, '0');

/** A day of the visit's window with the slot's day type, and arrival/leaving times inside the slot. */
export function visitTiming(visit: Visit, rand: () => number): { visitDate: string; startTime: string; endTime: string } {
  const days = daysBetween(visit.window.from, visit.window.to) + 1;
  const wantWeekend = slotDayType(visit.slot) === 'weekend';
  const candidates = Array.from({ length: days }, (_, i) => addDays(visit.window.from, i)).filter((d) => isWeekend(d) === wantWeekend);
  const visitDate = candidates[Math.floor(rand() * candidates.length)] ?? visit.window.from;
  const [from, to] = SLOT_HOURS[visit.slot.split('-')[1] as keyof typeof SLOT_HOURS];
  const start = from * 60 + 15 + Math.floor(rand() * ((to - from) * 60 - 90));
  const end = start + 20 + Math.floor(rand() * 35);
  return { visitDate, startTime: `${pad(Math.floor(start / 60))}:${pad(start % 60)}`, endTime: `${pad(Math.floor(end / 60))}:${pad(end % 60)}` };
}

/** Answers and comments; `quality` is the chance an ordinary item passes (critical items pass more often). */
export function demoAnswers(content: TemplateContent, quality: number, rand: () => number) {
  const answers: Record<string, unknown> = {};
  const itemComments: Record<string, string> = {};
  for (const q of content.sections.flatMap((s) => s.questions)) {
    if (q.type === 'checklist') {
      const pass = q.critical ? 0.5 + quality / 2 : quality;
      const r = rand();
      const value = q.allowNa !== false && r > 0.96 ? 'na' : rand() < pass ? 'yes' : 'no';
      answers[q.id] = value;
      const remarks = NO_COMMENTS[q.id] ?? ANY_NO_COMMENT;
      if (value === 'no') itemComments[q.id] = remarks[Math.floor(rand() * remarks.length)]!;
    } else if (q.type === 'number') answers[q.id] = String(Math.round(rand() * 15 * (1.2 - quality)));
    else if (q.type === 'text' && q.required) answers[q.id] = STAFF[Math.floor(rand() * STAFF.length)];
  }
  return { answers, itemComments };
}

/** A 480×360 "storefront": sky, building, door and sign in the site's colour; no text, so no fonts needed. */
export async function storefrontPhoto(hue: number, rand: () => number): Promise<Buffer> {
  const door = 180 + Math.floor(rand() * 80);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360">
  <rect width="480" height="360" fill="#cfe3f5"/>
  <rect x="40" y="90" width="400" height="270" fill="hsl(${hue},25%,82%)"/>
  <rect x="60" y="105" width="360" height="50" rx="6" fill="hsl(${hue},70%,38%)"/>
  <rect x="${door}" y="220" width="90" height="140" fill="#5b6770"/>
  <rect x="80" y="200" width="80" height="70" fill="#eaf4fb" stroke="#8aa" stroke-width="4"/>
  <rect x="320" y="200" width="80" height="70" fill="#eaf4fb" stroke="#8aa" stroke-width="4"/>
  <rect y="340" width="480" height="20" fill="#9aa3a8"/>
</svg>`;
  // Loaded when demo data is drawn, not with every process that imports the demo code.
  const sharp = (await import('sharp')).default;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}
