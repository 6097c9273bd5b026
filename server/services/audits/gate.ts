/**
 * Whether stage 2 may start (domain.md §1): stage 1 is completed and the CPSQ
 * has reached its target under the project's gate rule (point estimate or
 * lower CI bound). Stage 2 only makes sense once CPSQ passes: the CPSQ is a gate.
 */
import type { TenantContext } from '../context';
import { getScores } from '../scores/query';
import type { Gate } from '../scoring/cpsq';
import type { CompositeScore } from '../scoring/composite';
import type { Audit } from './types';

export type Stage2Blocker = 'stage1NotCompleted' | 'gateNotPassed';

export interface Stage2Readiness {
  allowed: boolean;
  blockers: Stage2Blocker[];
  /** The completed stage-1 audit it rests on, if any. */
  stage1AuditId: string | null;
  gate: Gate;
  cpsq: Pick<CompositeScore, 'score' | 'ci' | 'lowSample' | 'method'>;
  responses: number;
  period: { from: string; to: string };
}

export async function stage2Readiness(ctx: TenantContext, period: { from: string; to: string }): Promise<Stage2Readiness> {
  const stage1 = await ctx.store.collection<Audit>('audits').findOne({ kind: 'stage1', status: 'completed' }, { sort: { completedAt: -1 } });
  // Over the sites the caller sees: a site-limited caller's store holds no other site's rollups, so the
  // enterprise-wide gate is read (and a stage recorded, which the policy keeps to all-sites callers) only by those who see every site.
  const scores = await getScores(ctx, { from: period.from, to: period.to });
  const blockers: Stage2Blocker[] = [];
  if (!stage1) blockers.push('stage1NotCompleted');
  if (!scores.gate.passed) blockers.push('gateNotPassed');
  const { score, ci, lowSample, method } = scores.cpsq;
  return {
    allowed: blockers.length === 0,
    blockers,
    stage1AuditId: stage1?._id ?? null,
    gate: scores.gate,
    cpsq: { score, ci, lowSample, method },
    responses: Object.values(scores.channels).reduce((n, c) => n + c.responses, 0),
    period,
  };
}
