/**
 * The customer's history by contact, as the agent's call page and the
 * follow-up case page show it: times in the enterprise's zone, outcomes and
 * statuses in words, and links only where the reader may follow them.
 */
import type { Request } from 'express';
import type { ContactHistory } from '../../services/cases/contactHistory';
import { localStamp } from '../../services/localTime';
import { allowed } from '../../services/policy';
import { scoreText } from '../figures';

type Translate = (key: string, vars?: Record<string, unknown>) => string;

export function contactHistoryView(req: Request, t: Translate, history: ContactHistory, tz: number) {
  const actor = req.actor!;
  const mayReadResponses = allowed(actor, 'scores', 'read');
  const mayReadCases = allowed(actor, 'followUps', 'read');
  return {
    callCases: history.callCases.map((c) => ({
      caseId: c.caseId,
      siteCode: c.siteCode,
      serviceType: c.serviceType,
      serviceDate: c.serviceDate,
      status: t(`calls.status.${c.status}`),
      attempts: c.attempts.map((a) => ({ at: localStamp(a.at, tz), outcome: t(`calls.outcome.${a.outcome}`), agent: a.agentName, note: a.note })),
    })),
    responses: history.responses.map((r) => ({
      at: localStamp(r.respondedAt, tz),
      channel: t(`dashboard.channel.${r.channel}`),
      siteCode: r.siteCode,
      score: r.score === null ? '—' : scoreText(r.score),
      href: mayReadResponses ? `/responses/${encodeURIComponent(r._id)}` : null,
    })),
    cases: history.cases.map((c) => ({
      at: localStamp(c.createdAt, tz),
      siteCode: c.siteCode,
      status: t(`alerts.status.${c.status}`),
      reason: c.reason,
      href: mayReadCases ? `/follow-ups/${encodeURIComponent(c._id)}` : null,
    })),
    empty: !history.callCases.length && !history.responses.length && !history.cases.length,
  };
}
