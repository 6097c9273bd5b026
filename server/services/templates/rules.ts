/**
 * Template rules that speak to the builder's user: an error that names the question by
 * its prompt and the rule by a phrase key (so pages and the builder show it in the page
 * language), the publish rule on scoring, and default end labels for rating scales.
 */
import { ValidationError } from '../../errors';
import { t, type Locale } from '../../i18n';
import type { LocalizedText, TemplateContent } from './types';

/** A LocalizedText parameter (another question's prompt) is said in the reader's language. */
type Params = Record<string, string | number | LocalizedText>;

/** A ValidationError whose English message stays stable for the API, with what a page needs to say it in its language (then sent as `text`). */
export class TemplateRuleError extends ValidationError {
  constructor(
    message: string,
    field: string,
    readonly rule: string,
    readonly params: Params = {},
    /** The question's prompt, or the section's title when `subjectKind` is 'section'. */
    readonly prompt?: LocalizedText,
    readonly subjectKind: 'question' | 'section' = 'question',
  ) {
    super(message, field);
  }
}

/** A text in `locale`, else in the other language (a draft may lack one); undefined when both are blank. */
function inLocale(text: LocalizedText | undefined, locale: Locale): string | undefined {
  return text?.[locale]?.trim() || text?.[locale === 'en' ? 'zh-CN' : 'en']?.trim() || undefined;
}

/** The rule in `locale`, naming the question by its prompt or the section by its title (ids would mean nothing to the reader). */
export function ruleText(err: TemplateRuleError, locale: Locale): string {
  const params = Object.fromEntries(Object.entries(err.params).map(([k, v]) => [k, typeof v === 'object' ? (inLocale(v, locale) ?? '') : v]));
  const rule = t(locale, `templateRules.${err.rule}`, params);
  const subject = inLocale(err.prompt, locale);
  if (!subject) return rule;
  return err.subjectKind === 'section'
    ? t(locale, 'templateRules.onSection', { title: subject, rule })
    : t(locale, 'templateRules.onQuestion', { prompt: subject, rule });
}

/** What a rating scale's ends say when the author gave no labels. */
export const DEFAULT_SCALE_LABELS: readonly LocalizedText[] = [
  { 'zh-CN': t('zh-CN', 'templateRules.scaleLow'), en: t('en', 'templateRules.scaleLow') },
  { 'zh-CN': t('zh-CN', 'templateRules.scaleHigh'), en: t('en', 'templateRules.scaleHigh') },
];

/** The content with every unlabelled rating question given the default end labels; anything else untouched. */
export function withDefaultScaleLabels<T>(raw: T): T {
  const sections = (raw as { sections?: unknown } | null)?.sections;
  if (!Array.isArray(sections)) return raw;
  const fill = (q: unknown) => {
    const question = q as { type?: unknown; scaleLabels?: unknown } | null;
    if (question?.type !== 'rating' || question.scaleLabels !== undefined) return q;
    return { ...question, scaleLabels: DEFAULT_SCALE_LABELS.map((l) => ({ ...l })) };
  };
  return {
    ...raw,
    sections: sections.map((s: { questions?: unknown }) => (Array.isArray(s?.questions) ? { ...s, questions: s.questions.map(fill) } : s)),
  } as T;
}

/** Publishing needs a score to report, unless the template is marked unscored. */
export function assertPublishable(
  content: TemplateContent,
  isScored: (q: TemplateContent['sections'][number]['questions'][number]) => boolean /* and tied to its indicators */,
): void {
  if (content.unscored) return;
  const scored = content.sections.some((s) => s.questions.some((q) => isScored(q)));
  if (!scored) {
    throw new TemplateRuleError(
      'sections: publishing needs at least one scored question tied to an indicator, or mark the template unscored',
      'sections',
      'needsScoredQuestion',
    );
  }
}
