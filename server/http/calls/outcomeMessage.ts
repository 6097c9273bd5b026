/**
 * What the agent is told after recording an outcome, said once: a completed
 * call is "completed" (not "completed. Completed"), a refusal or wrong number
 * closes the case, anything else says when the case comes back.
 */
import { localStamp } from '../../services/calls/clock';
import type { CallCase, Outcome } from '../../services/calls/types';

type Translate = (key: string, vars?: Record<string, unknown>) => string;

export function outcomeMessage(t: Translate, caseId: string, outcome: Outcome, after: CallCase, tz: number): string {
  if (after.status === 'completed') return t('calls.flow.completed', { caseId });
  const said = t(`calls.outcome.${outcome}`);
  if (after.status === 'open') return t('calls.agent.recorded', { caseId, outcome: said, next: t('calls.agent.nextAt', { at: localStamp(after.dueAt, tz) }) });
  // The outcome itself closed the case (refused, wrong number): naming the status again would repeat it.
  if ((after.status as string) === outcome) return t('calls.flow.closed', { caseId, outcome: said });
  return t('calls.agent.recorded', { caseId, outcome: said, next: t(`calls.status.${after.status}`) });
}
