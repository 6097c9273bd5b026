/**
 * The brief of a visit plan as the API takes it and as the plan page's form
 * posts it (flat fields, turned into the API shape first), so both refuse the
 * same input with the same rule. Each issue's message is a rule code; the
 * words come from the catalogue, in English for the API and in the page
 * language on the page.
 */
import { z } from 'zod';
import { t, type Locale } from '../../i18n';
import { SCENARIO_PARTS, VISIT_TYPES, type BriefInput } from '../../services/visits/briefTypes';
import { ValidationError } from '../../errors';

export const MAX_FEE_YUAN = 100_000;
export const MAX_BRIEF_TEXT = 1000;

/** Yuan as typed ("150", "150.5", "150.50") to whole fen, by the digits: no float ever rounds a fee. */
export function feeToFen(raw: string): { fen: number } | { rule: string } {
  const text = raw.trim().replace(/^¥\s*/, '');
  if (/^-\s*\d/.test(text)) return { rule: 'negative' };
  const m = /^(\d{1,9})(?:\.(\d+))?$/.exec(text);
  if (!m) return { rule: 'money' };
  if ((m[2] ?? '').length > 2) return { rule: 'decimals' };
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return fen > MAX_FEE_YUAN * 100 ? { rule: 'feeMax' } : { fen };
}

const fee = z
  .union([z.string(), z.number()], { errorMap: () => ({ message: 'money' }) })
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || (typeof v === 'string' && v.trim() === '')) return undefined;
    const parsed = feeToFen(typeof v === 'number' ? String(v) : v);
    if ('fen' in parsed) return parsed.fen;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.rule });
    return z.NEVER;
  });

const text = z
  .string({ invalid_type_error: 'text' })
  .trim()
  .max(MAX_BRIEF_TEXT, 'textMax')
  // eslint-disable-next-line no-control-regex -- control characters are what a brief may not hold (line breaks it may)
  .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'control');
const briefText = z.object({ 'zh-CN': text.optional().default(''), en: text.optional() }).strict();

const scenario = z
  .object({
    type: z.enum(VISIT_TYPES, { errorMap: () => ({ message: 'type' }) }),
    ask: briefText.optional(),
    buy: briefText.optional(),
    observe: briefText.optional(),
  })
  .strict()
  // English is a translation: a part in English only would leave the Chinese page without it.
  .superRefine((s, ctx) => {
    for (const part of SCENARIO_PARTS)
      if (s[part]?.en && !s[part]?.['zh-CN']) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'chineseFirst', path: [part, 'zh-CN'] });
    if (!SCENARIO_PARTS.some((part) => s[part]?.['zh-CN'])) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'emptyScenario', path: ['ask', 'zh-CN'] });
  })
  .transform((s) => {
    const out: BriefInput['scenarios'][number] = { type: s.type };
    for (const part of SCENARIO_PARTS) {
      const v = s[part];
      if (v?.['zh-CN']) out[part] = v.en ? { 'zh-CN': v['zh-CN'], en: v.en } : { 'zh-CN': v['zh-CN'] };
    }
    return out;
  });

export const briefSchema = z
  .object({
    fee,
    scenarios: z.array(scenario, { invalid_type_error: 'list' }).max(VISIT_TYPES.length, 'tooMany').default([]),
  })
  .strict()
  .superRefine((b, ctx) => {
    b.scenarios.forEach((s, i) => {
      if (b.scenarios.findIndex((o) => o.type === s.type) < i)
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'duplicate', path: ['scenarios', i, 'type'] });
    });
  })
  .transform(({ fee: feeFen, scenarios }): BriefInput => (feeFen === undefined ? { scenarios } : { scenarios, feeFen }));

/** The plan page's form: `fee` and `<type>.<part>.<language>` fields; a type with no text at all is not part of the brief. */
export function briefFromForm(body: Record<string, unknown>): unknown {
  const scenarios = VISIT_TYPES.flatMap((type) => {
    const parts = Object.fromEntries(
      SCENARIO_PARTS.map((part) => [part, { 'zh-CN': String(body[`${type}.${part}.zh-CN`] ?? ''), en: String(body[`${type}.${part}.en`] ?? '') }]),
    );
    const any = Object.values(parts).some((p) => p['zh-CN'].trim() || p.en.trim());
    return any ? [{ type, ...parts }] : [];
  });
  return { fee: body.fee ?? '', scenarios };
}

/**
 * Parses a brief or throws a 400 naming the field and the rule: for the API by
 * its path in English, for a page (`page` = its language) as the form labels it.
 */
export function parseBrief(input: unknown, page?: Locale): BriefInput {
  const locale = page ?? 'en';
  const result = briefSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  const field = path.join('.');
  const code = issue.code === 'unrecognized_keys' ? 'unknown' : issue.message;
  const known = t('en', `visitBrief.rule.${code}`) !== `visitBrief.rule.${code}`;
  const rule = known ? t(locale, `visitBrief.rule.${code}`, { max: code === 'feeMax' ? MAX_FEE_YUAN : MAX_BRIEF_TEXT }) : issue.message;
  throw new ValidationError(`${page ? fieldLabel(input, path, page) : field || 'brief'}: ${rule}`, field || undefined);
}

/** The API names the field by its path; a page by what the planner sees beside the box ("Repair · What to ask (English)"). */
function fieldLabel(input: unknown, path: (string | number)[], locale: Locale): string {
  if (!path.length) return t(locale, 'visitBrief.title');
  if (path[0] === 'fee') return t(locale, 'visitBrief.fee');
  const [, index, part, lang] = path;
  const type = (input as { scenarios?: Array<{ type?: unknown }> }).scenarios?.[Number(index)]?.type;
  const words = [typeof type === 'string' ? t(locale, `visitBrief.type.${type}`) : path.join('.')];
  if (typeof part === 'string' && part !== 'type') words.push(t(locale, `visitBrief.part.${part}`));
  if (lang === 'en' || lang === 'zh-CN') words.push(t(locale, `visitBrief.lang.${lang}`));
  return words.join(' · ');
}
