/**
 * The ingestion API for integrations (call-centre and CRM systems). A retry
 * with the same Idempotency-Key returns the first result with status 200 and
 * the header Idempotent-Replayed: true; the first answer is a 201.
 */
import { Router } from 'express';
import { getResponse } from '../../services/responses/read';
import { approveMysteryResponse, ingestResponse, pendingMysteryResponses } from '../../services/responses/mysteryReview';
import type { ResponseDoc } from '../../services/responses/types';
import { maskedResponse } from '../../services/responses/masked';
import type { Channel } from '../../services/templates/types';
import { getEnterprise } from '../../services/accounts/enterprises';
import { readResponse } from '../../services/alerts/taskResponse';
import { caseIdsOf } from '../../services/cases/lookup';
import { answerSheet } from '../alerts/taskView';
import { dashboardHelpers } from '../dashboard/helpers';
import { ctxOf, allow } from '../middleware/auth';
import { param, parse } from '../validate';
import { idempotencyKeySchema, ingestSchema } from './schema';

export function responseRoutes() {
  const api = Router();
  const pages = Router();

  // The response a comment or a case links to: its answers in words, phones masked, and its case.
  pages.get('/responses/:id', allow('scores', 'read'), async (req, res) => {
    const ctx = ctxOf(req);
    const found = await readResponse(ctx, param(req.params.id));
    const r = found.response;
    const caseId = (await caseIdsOf(ctx, [r._id])).get(r._id) ?? null;
    res.render('pages/response', {
      title: `${res.locals.t('response.title')} · ${r.siteCode}`,
      response: r,
      score: r.contribution.overall ?? r.contribution.visitScore ?? null,
      caseId,
      sections: answerSheet(req.locale, found, new Set(), null),
      tz: (await getEnterprise(ctx.root, ctx.actor.enterpriseId)).tzOffsetMinutes,
      helpers: dashboardHelpers,
    });
  });

  api.post('/responses', allow('responses', 'ingest'), async (req, res) => {
    const body = parse(ingestSchema, req.body);
    const idempotencyKey = parse(idempotencyKeySchema.describe('Idempotency-Key'), req.get('idempotency-key'));
    const { response, replayed } = await ingestResponse(
      ctxOf(req),
      {
        templateId: body.templateId,
        templateVersion: body.templateVersion,
        siteCode: body.siteCode,
        channel: body.channel as Channel,
        answers: body.answers,
        respondedAt: body.respondedAt && new Date(body.respondedAt).toISOString(),
        idempotencyKey,
        source: 'api',
      },
      body.approved ?? false,
    );
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res.status(replayed ? 200 : 201).json({ response: publicResponse(response) });
  });

  api.get('/responses/pending-review', allow('visits', 'review'), async (req, res) => {
    res.json({ responses: (await pendingMysteryResponses(ctxOf(req))).map(publicResponse) });
  });

  // The service answers 404 for another enterprise's response before it asks for the reviewer permission.
  api.post('/responses/:id/approve', allow('responses', 'ingest'), async (req, res) => {
    res.json({ response: publicResponse(await approveMysteryResponse(ctxOf(req), param(req.params.id))) });
  });

  api.get('/responses/:id', allow('responses', 'read'), async (req, res) => {
    const response = await getResponse(ctxOf(req), param(req.params.id));
    res.json({ response: publicResponse(response) });
  });

  return { api, pages };
}

/** Internal bookkeeping (dedupe key, fingerprint) stays on the server; phone numbers and addresses leave masked. */
function publicResponse(r: ResponseDoc) {
  const { dedupeKey: _d, fingerprint: _f, ...rest } = r;
  return maskedResponse(rest);
}
