/** The certification timeline as the audits page shows it: stages in order, what is next, and the stage-2 gate. */
import type { Timeline } from '../../services/audits/timeline';
import { cpsq, interval, score } from './format';

type T = (key: string, vars?: Record<string, unknown>) => string;

export function timelineView(timeline: Timeline, t: T) {
  const { stage2, certificate } = timeline;
  const gate = stage2.gate;
  return {
    stages: timeline.stages.map((s) => ({
      label: t(`audits.stage.${s.stage}`),
      status: t(`audits.stageStatus.${s.status}`),
      css: s.status,
      date: s.date ?? '',
      due: s.due ? t('audits.timeline.due', { date: s.due }) : '',
      auditId: s.auditId ?? null,
      note: s.note ?? '',
      isNext: s.stage === timeline.next,
    })),
    next: timeline.next ? t('audits.timeline.next', { stage: t(`audits.stage.${timeline.next}`) }) : t('audits.timeline.complete'),
    stage2: {
      allowed: stage2.allowed,
      headline: t(stage2.allowed ? 'audits.stage2.allowed' : 'audits.stage2.blocked'),
      blockers: stage2.blockers.map((b) => t(`audits.stage2.${b}`)),
      gate:
        stage2.cpsq.score === null
          ? t('audits.gate.noData')
          : t('audits.gate.summary', {
              score: cpsq(stage2.cpsq.score),
              ci: interval(stage2.cpsq.ci),
              target: gate.target,
              rule: t(`audits.gate.rule.${gate.rule}`),
              verdict: t(gate.passed ? 'audits.gate.passed' : 'audits.gate.notPassed'),
            }),
      responses: t('audits.timeline.responses', { n: stage2.responses, from: stage2.period.from, to: stage2.period.to }),
    },
    certificate: certificate.issued
      ? t(certificate.valid ? 'audits.certificate.valid' : 'audits.certificate.expired', { date: certificate.validUntil })
      : t('audits.certificate.none'),
  };
}
