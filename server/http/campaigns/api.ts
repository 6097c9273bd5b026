/** Campaigns over JSON: create, read with status, add recipients, request invitations, close. */
import { Router } from 'express';
import { createCampaign, getCampaign, closeCampaign, listCampaigns } from '../../services/campaigns/campaigns';
import { getImport, importRecipients } from '../../services/campaigns/imports';
import { markSmsInvited } from '../../services/campaigns/smsExport';
import { campaignStatus } from '../../services/campaigns/status';
import type { RecipientImport } from '../../services/campaigns/types';
import { ctxOf, allow } from '../middleware/auth';
import { param, parse } from '../validate';
import { campaignCreateSchema, recipientsApiSchema } from './schema';

/** CSV column names in row errors become the API's field names. */
const API_FIELD: Record<string, string> = { site_code: 'siteCode', case_id: 'caseId', service_date: 'serviceDate' };

function importJson(record: RecipientImport) {
  const { enterpriseId: _e, ...rest } = record;
  return { ...rest, errors: record.errors.map((e) => ({ ...e, field: `recipients.${e.row}.${API_FIELD[e.field] ?? e.field}` })) };
}

export function campaignApi() {
  const api = Router();
  const read = allow('campaigns', 'read');
  const manage = allow('campaigns', 'manage');

  api.get('/campaigns', read, async (req, res) => res.json({ campaigns: await listCampaigns(ctxOf(req)) }));
  api.post('/campaigns', manage, async (req, res) => {
    res.status(201).json({ campaign: await createCampaign(ctxOf(req), parse(campaignCreateSchema, req.body)) });
  });
  api.get('/campaigns/:id', read, async (req, res) => {
    const ctx = ctxOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    res.json({ campaign, status: await campaignStatus(ctx, campaign) });
  });
  api.post('/campaigns/:id/recipients', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    const rows = parse(recipientsApiSchema, req.body);
    const record = await importRecipients(ctx, campaign._id, { kind: 'api', rows });
    if (record.errorCount > 0) {
      const first = importJson(record).errors[0]!;
      // Every row error at once, so a client can fix its batch in one go; nothing was stored.
      res.status(400).json({
        error: {
          code: 'invalid_rows',
          message: `${record.errorCount} problems in the recipients, the first: ${first.field}: ${first.rule}`,
          field: first.field,
        },
        import: importJson(record),
      });
      return;
    }
    res.status(record.state === 'done' ? 201 : 200).json({ import: importJson(record) });
  });
  api.get('/campaigns/:id/imports/:importId', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    res.json({ import: importJson(await getImport(ctx, campaign._id, param(req.params.importId, 'importId'))) });
  });
  api.post('/campaigns/:id/sms-invited', manage, async (req, res) => {
    res.json({ marked: await markSmsInvited(ctxOf(req), param(req.params.id)) });
  });
  api.post('/campaigns/:id/close', manage, async (req, res) => {
    res.json({ campaign: await closeCampaign(ctxOf(req), param(req.params.id)) });
  });
  return api;
}
