/**
 * A full example of every event's data, sent by the "send test event" button
 * (flagged `test: true`) and shown in docs/webhooks.md.
 */
import crypto from 'node:crypto';
import { ValidationError } from '../../errors';
import { nowIso, type TenantContext } from '../context';
import { enqueueDelivery } from './emit';
import { getEndpoint } from './endpoints';
import { isWebhookEvent, type WebhookEnvelope, type WebhookEventType } from './types';

const CASE_OPENED = {
  caseId: 'fu-0195a3c2e4f07a1b9c8d2e3f',
  responseId: '0195a3c2e4f07a1b9c8d2e3f',
  siteId: '6f1c2d3e-0000-4000-8000-000000000001',
  siteCode: 'BJ01',
  channel: 'survey',
  rule: 'lowOverall',
  reason: 'overall rating 2 of 5 (alert at ≤ 2 of 5)',
  reasons: [
    {
      rule: 'lowOverall',
      reason: 'overall rating 2 of 5 (alert at ≤ 2 of 5)',
      responseId: '0195a3c2e4f07a1b9c8d2e3f',
      channel: 'survey',
      respondedAt: '2026-03-02T08:15:00.000Z',
    },
    {
      rule: 'lowNps',
      reason: 'likelihood to recommend 4 of 10 (alert at ≤ 6)',
      responseId: '0195a3c2e4f07a1b9c8d2e3f',
      channel: 'survey',
      respondedAt: '2026-03-02T08:15:00.000Z',
    },
  ],
  responseIds: ['0195a3c2e4f07a1b9c8d2e3f'],
  severity: 'critical',
  dueAt: '2026-03-03T08:15:01.000Z',
  status: 'assigned',
  assigneeId: 'u-agent-1',
  respondedAt: '2026-03-02T08:15:00.000Z',
  openedAt: '2026-03-02T08:15:01.000Z',
};

export const EXAMPLE_DATA: Record<WebhookEventType, Record<string, unknown>> = {
  'response.counted': {
    responseId: '0195a3c2e4f07a1b9c8d2e3f',
    siteId: '6f1c2d3e-0000-4000-8000-000000000001',
    siteCode: 'BJ01',
    channel: 'survey',
    source: 'link',
    templateId: 'tpl-after-sales-survey',
    templateVersion: 3,
    respondedAt: '2026-03-02T08:15:00.000Z',
    countedAt: '2026-03-02T08:15:00.000Z',
    answers: { service_type: 'repair', overall_satisfaction: 2, recommend: 4, comment: '等了三天才上门' },
    refs: { campaignId: 'c-2026q1', recipientId: 'r-000123' },
  },
  'case.opened': CASE_OPENED,
  'case.resolved': {
    ...CASE_OPENED,
    status: 'resolved',
    resolvedAt: '2026-03-03T02:40:00.000Z',
    hoursToResolve: 18.416,
    resolution: { note: '已致电道歉并免除上门费', rootCause: 'lateVisit', action: '免除上门费，改约次日上午', by: 'u-agent-1', byName: '李娜' },
  },
  'visit.approved': {
    visitId: 'v-2026-03-bj01-1',
    planId: 'plan-2026-03',
    siteId: '6f1c2d3e-0000-4000-8000-000000000001',
    shopperId: 'u-shopper-7',
    revision: 1,
    approvedAt: '2026-03-05T09:00:00.000Z',
    approvedBy: 'u-reviewer-2',
  },
  'audit.projection.changed': {
    auditId: 'a-2026-annual',
    siteId: '6f1c2d3e-0000-4000-8000-000000000001',
    change: 'audit.entry.set',
    changedAt: '2026-03-10T03:20:00.000Z',
    changedBy: 'u-auditor-1',
    projection: '/api/v1/audits/a-2026-annual/projection',
  },
};

export function exampleEvent(enterpriseId: string, type: WebhookEventType): WebhookEnvelope {
  return { id: `evt_test_${crypto.randomUUID().replace(/-/g, '')}`, type, createdAt: nowIso(), enterpriseId, test: true, data: EXAMPLE_DATA[type] };
}

/** Queues one delivery of an example event to one endpoint: tried once, its result in the delivery log. */
export async function sendTestEvent(ctx: TenantContext, endpointId: string, type: string): Promise<WebhookEnvelope> {
  const endpoint = await getEndpoint(ctx, endpointId);
  if (!isWebhookEvent(type)) throw new ValidationError(`type: unknown event ${type}`, 'type');
  const event = exampleEvent(endpoint.enterpriseId, type);
  await enqueueDelivery(ctx, endpoint._id, event, 1);
  return event;
}
