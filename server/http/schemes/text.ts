/**
 * Scheme-defined words on pages, the report and its PDF: level names, the
 * multi-site blocking line and the level and blocking rules of the method
 * section, in the reader's language.
 */
import type { Locale } from '../../i18n';
import type { AuditSettings } from '../../services/scoring/audit';
import type { StarLevel } from '../../services/scoring/levels';
import type { BlockingReason } from '../../services/scoring/projection';
import type { SchemeSummary } from '../../services/schemes/settings';

type T = (key: string, vars?: Record<string, unknown>) => string;

export function levelName(scheme: SchemeSummary, level: StarLevel, locale: Locale): string {
  return scheme.levelNames[level][locale];
}

/** "S2 (below Compliant (70)); S3 (5 or more special deductions)" in a sentence saying whether they bar the level. */
export function blockingLine(
  sites: ReadonlyArray<{ code: string; reasons: BlockingReason[] }>,
  blocksLevel: boolean,
  scheme: SchemeSummary,
  settings: AuditSettings,
  locale: Locale,
  t: T,
): string | null {
  if (!sites.length) return null;
  const reason = (r: BlockingReason) =>
    r === 'belowCompliant'
      ? t('schemes.blocking.reason.belowCompliant', { level: levelName(scheme, 'compliant', locale), threshold: settings.thresholds.compliant })
      : t('schemes.blocking.reason.specialDeductions', { count: settings.decertifyingDeductions });
  const list = sites.map((s) => `${s.code}（${s.reasons.map(reason).join(t('audits.listSeparator'))}）`).join(t('audits.listSeparator'));
  return t(blocksLevel ? 'schemes.blocking.line.block' : 'schemes.blocking.line.reportOnly', {
    sites: locale === 'en' ? list.replace(/（/g, ' (').replace(/）/g, ')') : list,
  });
}

export function liftBlockedText(blockedBy: string, settings: AuditSettings, t: T): string {
  return blockedBy === 'blockingSites'
    ? t('schemes.lift.blocked.blockingSites')
    : t('schemes.lift.blocked.specialDeductions', { count: settings.decertifyingDeductions });
}

/** The method section's lines for levels and the multi-site rule under this scheme. */
export function schemeMethodLines(scheme: SchemeSummary, settings: AuditSettings, locale: Locale, t: T): string[] {
  const levels = Object.keys(scheme.levelNames) as StarLevel[];
  const names = Object.fromEntries(levels.map((l) => [`${l}Name`, levelName(scheme, l, locale)]));
  // The standard's names are already in the levels sentence; a scheme that renames them says so.
  const renamed = levels.some((l) => levelName(scheme, l, locale) !== t(`audits.level.${l}`));
  return [
    t('schemes.usedBy', { key: scheme.key, name: scheme.name[locale] }),
    t('audits.method.levels', { ...settings.thresholds }),
    ...(renamed ? [t('schemes.method.levels', { ...settings.thresholds, ...names })] : []),
    t(`schemes.method.blocking.${scheme.multiSiteBlocking}`, { ...names, compliant: settings.thresholds.compliant, count: settings.decertifyingDeductions }),
  ];
}
