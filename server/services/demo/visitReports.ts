/**
 * Made-up but plausible mystery-visit reports for the demo: a date and times in
 * the visit's slot, checklist answers whose pass rate differs by site, comments
 * on every "no", and a small storefront photo drawn with sharp. Deterministic:
 * the same visit always gets the same report.
 */
import sharp from 'sharp';
import type { TemplateContent } from '../templates/types';
import { addDays, daysBetween, isWeekend, SLOT_HOURS, slotDayType } from '../visits/slots';
import type { Visit } from '../visits/types';

/** A small seeded PRNG (mulberry32), so the demo looks the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NO_COMMENTS = ['未见相关公示', '工作人员没有主动说明', '等了很久才有人接待', '现场没有提供', '询问后才告知', '标识被遮挡，看不清'];
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
      if (value === 'no') itemComments[q.id] = NO_COMMENTS[Math.floor(rand() * NO_COMMENTS.length)];
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
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}
