/**
 * The dashboard's 「计算方法」 in the reader's language, from the message
 * catalogues: the services' `method` strings stay in the API (English, for
 * integrators) and never reach a page.
 */
import type { Change } from '../../services/dashboard/changes';
import type { Channel } from '../../services/templates/types';
import { channels } from '../../services/channels';

type T = (key: string, vars?: Record<string, unknown>) => string;

interface CpsqParts {
  channels: Array<{ channel: Channel; effectiveWeight: number | null }>;
  droppedChannels: Channel[];
  gate: { rule: string; target: number };
}

const list = (items: string[], t: T) => items.join(t('audits.listSeparator'));

/** CPSQ, its weights in this period, dropped channels and the gate. */
export function cpsqMethods(data: CpsqParts, t: T): string[] {
  const weights = list(
    data.channels.filter((c) => c.effectiveWeight !== null).map((c) => `${t(channels.labelKey(c.channel))} ${c.effectiveWeight!.toFixed(3)}`),
    t,
  );
  return [
    `${t('audits.method.cpsq')}${weights ? ` ${t('reports.method.weights', { weights })}` : ''}`,
    ...(data.droppedChannels.length
      ? [
          t('audits.proj.dropped', {
            channels: list(
              data.droppedChannels.map((c) => t(channels.labelKey(c))),
              t,
            ),
          }),
        ]
      : []),
    t('trends.method.oneResponse'),
    t('audits.method.gate', { rule: t(`audits.gate.rule.${data.gate.rule}`), target: data.gate.target }),
  ];
}

export function projectionMethods(
  p: { source: string; audit: { kind: string; status: string; plannedDate: string } | null; period: { from: string; to: string }; leftOut: number },
  t: T,
): string[] {
  if (p.source === 'none') return [t('trends.method.noProjection')];
  const line =
    p.source === 'audit' && p.audit
      ? t('reports.method.projection.audit', {
          kind: t(`audits.kind.${p.audit.kind}`),
          status: t(`audits.auditStatus.${p.audit.status}`),
          date: p.audit.plannedDate,
          from: p.period.from,
          to: p.period.to,
        })
      : t('reports.method.projection.customerData', { from: p.period.from, to: p.period.to, left: p.leftOut });
  return [line, t('audits.method.indicator')];
}

/** How changes are tested, and the comparison periods of this page. */
export function changeMethods(changes: readonly Change[], t: T): string[] {
  const periods = changes.map((c) => t('trends.compare.period', { label: t(`trends.compare.${c.kind}`), from: c.from, to: c.to }));
  return [t('trends.method.change'), ...(periods.length ? [periods.join(t('audits.listSeparator'))] : []), t('trends.compare.hint')];
}

/** Every method line of a dashboard page, by page kind. */
export function dashboardMethods(kind: string, data: Record<string, unknown>, t: T): Record<string, string[]> {
  switch (kind) {
    case 'overview': {
      const d = data as unknown as CpsqParts & { changes: Change[]; projection: Parameters<typeof projectionMethods>[0] };
      return {
        cpsq: [...cpsqMethods(d, t), ...changeMethods(d.changes, t), t('trends.method.channel'), t('trends.method.sample')],
        projection: projectionMethods(d.projection, t),
        trend: [t('trends.method.trend')],
        cases: [t('trends.method.cases')],
      };
    }
    case 'sites': {
      const d = data as unknown as { sites: Array<{ changes: Change[] }> };
      return {
        sites: [
          t('audits.method.cpsq'),
          t('trends.method.oneResponse'),
          t('trends.method.ties'),
          ...changeMethods(d.sites[0]?.changes ?? [], t),
          t('trends.method.sample'),
        ],
      };
    }
    case 'indicators': {
      const d = data as unknown as { tree: Array<{ changes: Change[] }> };
      return {
        indicators: [
          t('trends.method.indicator'),
          t('reports.method.intervals'),
          t('trends.method.oneResponse'),
          ...changeMethods(d.tree[0]?.changes ?? [], t),
        ],
      };
    }
    case 'channels': {
      const d = data as unknown as { channels: Array<{ changes: Change[] }> };
      return { channels: [t('trends.method.channel'), ...changeMethods(d.channels[0]?.changes ?? [], t), t('trends.method.sample')] };
    }
    default:
      return {};
  }
}
