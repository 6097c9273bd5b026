/**
 * The report's method section and labels in the reader's language, from the
 * message catalogues: the report goes to the certifier, so no sentence may
 * stay in the language the services compute their `method` strings in.
 */
import type { AuditReport } from '../../services/dashboard/report';

type T = (key: string, vars?: Record<string, unknown>) => string;

/** Audit kind and status as words, e.g. 一阶段审核 · 进行中. */
export function auditLabels(audit: { kind: string; status: string }, t: T): { kind: string; status: string } {
  return { kind: t(`audits.kind.${audit.kind}`), status: t(`audits.auditStatus.${audit.status}`) };
}

export function reportMethods(report: AuditReport, t: T): string[] {
  const list = (items: string[]) => items.join(t('audits.listSeparator'));
  const weights = list(report.channels.filter((c) => c.effectiveWeight !== null).map((c) => `${t(`audits.channel.${c.channel}`)} ${c.effectiveWeight!.toFixed(3)}`));
  const { settings, weighting } = report.scoring;
  const p = report.projection;
  const lines = [
    `${t('audits.method.cpsq')} ${t('reports.method.weights', { weights })}`,
    ...(report.droppedChannels.length ? [t('audits.proj.dropped', { channels: list(report.droppedChannels.map((c) => t(`audits.channel.${c}`))) })] : []),
    t('audits.method.gate', { rule: t(`audits.gate.rule.${report.gate.rule}`), target: report.gate.target }),
    t('reports.gateVsLevel'),
    t('audits.method.indicator'),
    t('reports.method.intervals'),
  ];
  if (p.source !== 'none') {
    lines.push(
      p.source === 'audit' && p.audit
        ? t('reports.method.projection.audit', { ...auditLabels(p.audit, t), date: p.audit.plannedDate, from: p.period.from, to: p.period.to })
        : t('reports.method.projection.customerData', { from: p.period.from, to: p.period.to, left: p.leftOut }),
      t('audits.method.site', { cap: settings.bonusCap, deduction: settings.deductionPoints, bar: settings.decertifyingDeductions }),
      t('audits.method.levels', { ...settings.thresholds }),
    );
    if (p.source === 'audit') lines.push(t(`audits.method.enterprise.${weighting}`));
  }
  lines.push(t('reports.method.points', { catalogue: report.catalogue.key }));
  if (report.catalogue.withProjectPoints) lines.push(t('reports.method.projectPoints'));
  lines.push(t('reports.method.docs'));
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
