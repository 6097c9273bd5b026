/**
 * The report's method section and labels in the reader's language, from the
 * message catalogues: the report goes to the certifier, so no sentence may
 * stay in the language the services compute their `method` strings in.
 */
import type { Locale } from '../../i18n';
import type { AuditReport } from '../../services/dashboard/report';
import { blockingLine, schemeMethodLines } from '../schemes/text';
import { changeMethods } from '../dashboard/methods';
import { channels } from '../../services/channels';

type T = (key: string, vars?: Record<string, unknown>) => string;

/** Audit kind and status as words, e.g. 一阶段审核 · 进行中. */
export function auditLabels(audit: { kind: string; status: string }, t: T): { kind: string; status: string } {
  return { kind: t(`audits.kind.${audit.kind}`), status: t(`audits.auditStatus.${audit.status}`) };
}

/**
 * Where the catalogue's points come from, in the reader's language. The catalogue files keep their
 * own source notes for maintainers; those cite repository folders and never reach a report.
 */
export function catalogueSources(key: string, t: T): string {
  const code = key.split('@')[0];
  const known = t(`trends.method.sources.${code}`);
  return known === `trends.method.sources.${code}` ? t('trends.method.sources.other', { catalogue: key }) : known;
}

export function reportMethods(report: AuditReport, t: T, locale: Locale): string[] {
  const list = (items: string[]) => items.join(t('audits.listSeparator'));
  const weights = list(
    report.channels.filter((c) => c.effectiveWeight !== null).map((c) => `${t(channels.labelKey(c.channel))} ${c.effectiveWeight!.toFixed(3)}`),
  );
  const { settings, weighting } = report.scoring;
  const p = report.projection;
  const lines = [
    `${t('audits.method.cpsq')} ${t('reports.method.weights', { weights })}`,
    ...(report.droppedChannels.length ? [t('audits.proj.dropped', { channels: list(report.droppedChannels.map((c) => t(channels.labelKey(c)))) })] : []),
    t('audits.method.gate', { rule: t(`audits.gate.rule.${report.gate.rule}`), target: report.gate.target }),
    t('reports.gateVsLevel'),
    t('audits.method.indicator'),
    t('reports.method.intervals'),
    ...changeMethods(report.changes, t),
  ];
  if (p.source !== 'none') {
    lines.push(
      p.source === 'audit' && p.audit
        ? t('reports.method.projection.audit', { ...auditLabels(p.audit, t), date: p.audit.plannedDate, from: p.period.from, to: p.period.to })
        : t('reports.method.projection.customerData', { from: p.period.from, to: p.period.to, left: p.leftOut }),
      t('audits.method.site', { cap: settings.bonusCap, deduction: settings.deductionPoints, bar: settings.decertifyingDeductions }),
      ...schemeMethodLines(report.scheme, settings, locale, t),
    );
    if (p.source === 'audit') lines.push(t(`audits.method.enterprise.${weighting}`));
  }
  if (p.source === 'none') lines.push(t('schemes.usedBy', { key: report.scheme.key, name: report.scheme.name[locale] }));
  lines.push(t('reports.method.points', { catalogue: report.catalogue.key }));
  if (report.catalogue.withProjectPoints) lines.push(t('reports.method.projectPoints'));
  lines.push(catalogueSources(report.catalogue.key, t));
  return lines;
}

/** The marks of the points column that the table uses, each explained once under it. */
export function earnedLegend(report: AuditReport): string[] {
  const states = new Set(report.indicators.map((r) => r.state));
  const marks: string[] = (['notAssessed', 'awaitingAudit', 'notApplicable'] as const).filter((s) => states.has(s));
  if (report.indicators.some((r) => r.state === 'scored' && r.sitesNotAssessed > 0)) marks.push('partial');
  if (report.indicators.some((r) => r.state === 'scored' && r.sitesOneSided > 0)) marks.push('oneSided');
  return marks;
}

/** The multi-site line under the summary: the blocking sites, and whether they bar the level. */
export function reportBlocking(report: AuditReport, t: T, locale: Locale): string | null {
  const p = report.projection;
  return blockingLine(p.blockingSites, p.blocksLevel, report.scheme, report.scoring.settings, locale, t);
}
