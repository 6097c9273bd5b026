/**
 * Synthetic but plausible respondents: each site has its own service quality
 * (and weak or strong indicators, and a slow trend over the year), each
 * respondent a mood, each answer some noise. Answers are generated from the
 * template's questions, so they follow its types; validateAnswers then drops
 * what skip logic hides, exactly as for a real submission.
 */
import type { Question, TemplateContent } from '../../../server/services/templates/types';
import { clamp, normal, type Rand } from './random';

export interface SiteProfile {
  /** Typical satisfaction on 0–1. */
  quality: number;
  /** Per indicator code: how much better or worse the site does there. */
  bias: Map<string, number>;
  /** Quality change per month (some sites improve, some slip). */
  trend: number;
  /** Relative number of customers. */
  size: number;
}

const COMMENTS = [
  '师傅很专业,问题一次解决',
  '等待时间有点长',
  '服务热情',
  '希望能提前电话通知',
  '价格透明',
  '维修后很快又坏了',
  'Technician was friendly and on time',
];
const STAFF = ['前台一名女性员工,着工装,戴工牌', '两名技师,一人接待', '接待员未佩戴工牌', 'Young man at the counter in a blue uniform'];

export function siteProfiles(rand: Rand, count: number, indicators: readonly string[]): SiteProfile[] {
  return Array.from({ length: count }, () => ({
    quality: clamp(normal(rand, 0.76, 0.09), 0.4, 0.97),
    bias: new Map(indicators.map((code) => [code, normal(rand, 0, 0.06)])),
    trend: normal(rand, 0.002, 0.004),
    size: Math.exp(normal(rand, 0, 0.5)),
  }));
}

function chooseSingle(q: Question, level: number, rand: Rand): string | undefined {
  const values = (q.options ?? []).map((o) => o.value);
  if (q.id === 'raised_complaint') return rand() < 0.06 + (1 - level) * 0.25 ? 'yes' : 'no';
  if (q.id === 'service_type') return rand() < 0.35 ? 'delivery_install' : rand() < 0.8 ? 'repair' : 'consultation';
  if (values.includes('yes') && values.includes('no')) {
    if (rand() < level) return 'yes';
    return values.includes('partly') && rand() < 0.6 ? 'partly' : 'no';
  }
  return values[Math.floor(rand() * values.length)];
}

/** One answer, or undefined for "left blank". `level` is this respondent's view of this item, 0–1. */
function answerTo(q: Question, level: number, rand: Rand): unknown {
  if (!q.required && q.type !== 'single' && rand() < 0.15) return undefined;
  switch (q.type) {
    case 'rating': {
      const k = q.scale ?? 5;
      return clamp(Math.round(1 + (k - 1) * level), 1, k);
    }
    case 'nps':
      return clamp(Math.round(10 * level + normal(rand, 0, 0.7)), 0, 10);
    case 'checklist': {
      if (q.allowNa !== false && rand() < 0.04) return 'na';
      // Critical items (quote before work…) are rarely missed even at weak sites.
      const pass = q.critical ? 1 - (1 - level) * 0.12 : clamp(level + 0.1, 0, 1);
      return rand() < pass ? 'yes' : 'no';
    }
    case 'single':
      return chooseSingle(q, level, rand);
    case 'multiple':
      return (q.options ?? []).filter(() => rand() < 0.4).map((o) => o.value);
    case 'text': {
      if (!q.required && rand() >= 0.3) return undefined;
      const phrases = q.id.includes('staff') ? STAFF : COMMENTS;
      return phrases[Math.floor(rand() * phrases.length)];
    }
    case 'number': {
      const wait = Math.round(-Math.log(1 - rand()) * (4 + (1 - level) * 25));
      return clamp(wait, q.min ?? 0, q.max ?? Number.MAX_SAFE_INTEGER);
    }
    case 'time':
      return `${String(8 + Math.floor(rand() * 10)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}`;
    case 'photo':
      return q.required ? [`ev_${Math.floor(rand() * 1e9).toString(36)}`] : undefined;
  }
}

/** Raw answers (as a client would post them) of one respondent at `site`, `month` months into the year. */
export function answersFor(content: TemplateContent, site: SiteProfile, month: number, rand: Rand): Record<string, unknown> {
  const mood = normal(rand, 0, 0.1);
  const raw: Record<string, unknown> = {};
  for (const section of content.sections) {
    for (const q of section.questions) {
      const level = clamp(site.quality + site.trend * month + mood + (q.indicator ? (site.bias.get(q.indicator) ?? 0) : 0) + normal(rand, 0, 0.08), 0, 1);
      const value = answerTo(q, level, rand);
      if (value !== undefined) raw[q.id] = value;
    }
  }
  return raw;
}
