/**
 * The projection page's model: every number as text beside the sample size
 * and method it rests on, in the reader's language.
 */
import type { Locale } from '../../i18n';
import { nameIn } from '../../services/accounts/names';
import { type LoadedCatalogue, outlineNumber } from '../../services/catalogues';
import type { AuditProjection, SiteProjection } from '../../services/audits/projection';
import { AUDIT_FLAGS, type IndicatorAudit } from '../../services/scoring/audit';
import type { StarLevel } from '../../services/scoring/levels';
import { CHANNELS } from '../../services/templates/types';
import { intervalOrReason } from '../figures';
import { blockingLine, levelName, liftBlockedText, schemeMethodLines } from '../schemes/text';
import { cpsq, needed, percent, points, score } from './format';
import { channels as channelRegistry } from '../../services/channels';

const channelLabelKey = (c: Parameters<typeof channelRegistry.labelKey>[0]) => channelRegistry.labelKey(c);

type T = (key: string, vars?: Record<string, unknown>) => string;
const STARS: Record<StarLevel, string> = { none: '', compliant: '✓', three: '★★★', four: '★★★★', five: '★★★★★' };
const TOP = 8;

export function projectionView(p: AuditProjection, catalogue: LoadedCatalogue, locale: Locale, t: T) {
  const name = (code: string) => catalogue.byCode.get(code)?.name[locale] ?? code;
  const levelLabel = (l: StarLevel) => levelName(p.scheme, l, locale);
  const level = (l: StarLevel) => ({ label: levelLabel(l), stars: STARS[l], css: `level-${l}` });
  const interval = (ci: [number, number] | null, value: number | null) => intervalOrReason(ci, value, t('figures.ci.undefined'));
  const liftText = (lift: { next: StarLevel | null; threshold: number | null; pointsNeeded: number | null; reachable: boolean; blockedBy?: string }) => {
    if (lift.blockedBy) return liftBlockedText(lift.blockedBy, p.settings, t);
    if (lift.next === null) return t('audits.proj.lift.top');
    const need = t('audits.proj.lift.need', { level: levelLabel(lift.next), threshold: lift.threshold, points: needed(lift.pointsNeeded) });
    return lift.reachable ? need : `${need} ${t('audits.proj.lift.unreachable')}`;
  };
  const entryText = (row: IndicatorAudit, s: SiteProjection) => {
    const e = s.entries.find((x) => x.code === row.code);
    if (!e) return t('audits.entry.status.none');
    const label = t(`audits.entry.status.${e.status}`);
    return e.status === 'fraction' ? `${label} ${e.fraction}` : label;
  };
  const channels = CHANNELS.map((c) => {
    const ch = p.cpsq.channels[c];
    const effective = p.cpsq.effectiveWeights[c];
    return {
      label: t(channelLabelKey(c)),
      weight: percent(ch.weight),
      effective: effective === undefined ? '—' : percent(effective),
      responses: ch.responses,
      score: score(ch.score),
      ci: interval(ch.ci, ch.score),
      lowSample: ch.responses > 0 && ch.lowSample,
    };
  });
  const gate = p.cpsq.gate;
  const s = p.settings;
  return {
    kind: t(`audits.kind.${p.audit.kind}`),
    status: t(`audits.auditStatus.${p.audit.status}`),
    plannedDate: p.audit.plannedDate,
    period: `${p.period.from} – ${p.period.to}`,
    catalogue: t('auditCatalogue.named', { name: catalogue.name[locale], version: catalogue.version }),
    scheme: t('schemes.usedBy', { key: p.scheme.key, name: p.scheme.name[locale] }),
    result: p.audit.result?.enterprise
      ? t('audits.proj.result', {
          score: score(p.audit.result.enterprise.score),
          level: levelLabel(p.audit.result.enterprise.level),
          at: p.audit.result.computedAt.slice(0, 16).replace('T', ' '),
        })
      : null,
    enterprise: p.enterprise && {
      score: score(p.enterprise.score),
      level: level(p.enterprise.level),
      weighting: t(`audits.proj.weighting.${p.enterprise.weighting}`),
      blocking: blockingLine(
        p.enterprise.blockingSites.map((b) => ({ code: p.sites.find((x) => x.siteId === b.siteId)?.code ?? b.siteId, reasons: b.reasons })),
        p.enterprise.barredSites.length > 0,
        p.scheme,
        p.settings,
        locale,
        t,
      ),
      blocksLevel: p.enterprise.barredSites.length > 0,
      lift: liftText(p.enterprise.lift),
      liftIndicators: (p.enterprise.lift.next ? p.enterprise.lift.indicators : [])
        .slice(0, TOP)
        .map((i) => ({ site: i.siteCode, name: name(i.code), number: outlineNumber(catalogue, i.code), points: i.enterprisePoints.toFixed(2) })),
    },
    cpsq: {
      score: cpsq(p.cpsq.score),
      ci: interval(p.cpsq.ci, p.cpsq.score),
      lowSample: p.cpsq.lowSample,
      gatePassed: gate.passed,
      gateLine: t('audits.gate.line', { target: gate.target, rule: t(`audits.gate.rule.${gate.rule}`), value: score(gate.value) }),
      dropped: p.cpsq.droppedChannels.length
        ? t('audits.proj.dropped', { channels: p.cpsq.droppedChannels.map((c) => t(channelLabelKey(c))).join(t('audits.listSeparator')) })
        : null,
      channels,
      total: p.sampleSizes.total,
    },
    sites: p.sites.map((site) => ({
      code: site.code,
      name: nameIn(site, locale),
      scored: site.audit !== null,
      score: score(site.audit?.score),
      level: site.audit ? level(site.audit.level) : null,
      responses: site.responses,
      cpsq: cpsq(site.cpsq.score),
      cpsqCi: interval(site.cpsq.ci, site.cpsq.score),
      lowSample: site.responses > 0 && site.cpsq.lowSample,
      bonus: site.bonus ? `+${points(site.bonus.points)}${site.bonus.points > s.bonusCap ? ` (${t('audits.proj.capped', { cap: s.bonusCap })})` : ''}` : '0',
      bonusReason: site.bonus?.reason ?? '',
      deductions: site.deductions.map((d) => d.reason),
      deductionCount: site.deductions.length,
      lift: site.lift ? liftText(site.lift) : null,
      // At five stars there is no next level to lift to, so no list.
      liftIndicators: (site.lift?.next ? site.lift.indicators : [])
        .slice(0, TOP)
        .map((i) => ({ name: name(i.code), number: outlineNumber(catalogue, i.code), points: i.scorePoints.toFixed(2) })),
      flags: AUDIT_FLAGS.filter((f) => site.flags[f].length).map((f) => ({
        label: t(`audits.flag.${f}`),
        count: site.flags[f].length,
        names: site.flags[f].map(name).join(t('audits.listSeparator')),
      })),
      nonconformities: site.nonconformities.map((n) => ({ name: name(n.code), code: n.code, note: n.note, evidence: n.evidence, dueDate: n.dueDate })),
      indicators: (site.audit?.indicators ?? []).map((row) => ({
        name: name(row.code),
        code: row.code,
        max: points(row.maxPoints),
        entry: entryText(row, site),
        perceived: site.perceived[row.code] ? `${score(site.perceived[row.code].score)} (n = ${site.perceived[row.code].n})` : '—',
        earned: row.applicable ? points(row.earned) : t('audits.proj.notApplicable'),
        flags: row.flags.map((f) => t(`audits.flag.${f}`)).join(t('audits.listSeparator')),
      })),
      base: site.audit ? score(site.audit.base) : '—',
    })),
    methods: {
      site: t('audits.method.site', { cap: s.bonusCap, deduction: s.deductionPoints, bar: s.decertifyingDeductions }),
      indicator: t('audits.method.indicator'),
      levels: schemeMethodLines(p.scheme, s, locale, t).join(' '),
      enterprise: t(`audits.method.enterprise.${p.weighting}`),
      evidence: t('audits.method.evidence', { from: p.period.from, to: p.period.to, catalogue: p.catalogue.customerData }),
      cpsq: t('audits.method.cpsq'),
      gate: t('audits.method.gate', { rule: t(`audits.gate.rule.${gate.rule}`), target: gate.target }),
    },
  };
}
