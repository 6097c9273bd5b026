/**
 * A campaign's recipient list: pages of 50, a search over name, email, phone
 * and case id, and a status filter; contacts shown masked. The same query
 * serves the page and the JSON API.
 */
import type { Request, Router } from 'express';
import { getCampaign } from '../../services/campaigns/campaigns';
import { LIST_STATUSES, listRecipients, listStatusOf, type ListStatus } from '../../services/campaigns/recipientList';
import type { Recipient } from '../../services/campaigns/types';
import { maskEmail, maskName, maskPhone } from '../../services/exports/mask';
import { allow, ctxOf } from '../middleware/auth';
import { pagerView } from '../pager';
import { param, parse } from '../validate';
import { recipientListQuerySchema } from './schema';
import { localStamp, tzOffsetOf } from '../../services/localTime';

/** Rows per page: a screenful or two, not hundreds. */
export const RECIPIENT_PAGE_SIZE = 50;

type Translate = (key: string, vars?: Record<string, unknown>) => string;

function queryOf(req: Request) {
  const q = parse(recipientListQuerySchema, req.query);
  return { search: q.q?.trim() ?? '', status: q.status as ListStatus | undefined, page: q.page ?? 1 };
}

function recipientListRow(r: Recipient, now: Date, tzOffset: number, t: Translate) {
  const status = listStatusOf(r, now);
  return {
    siteCode: r.siteCode,
    name: maskName(r.name),
    email: maskEmail(r.email),
    phone: maskPhone(r.phone),
    caseId: r.caseId ?? '',
    status,
    statusLabel: t(`campaignRecipients.status.${status}`),
    mails: r.mailsSent,
    lastMailedAt: localStamp(r.lastMailedAt, tzOffset),
  };
}

export function recipientListRoutes(pages: Router, api: Router): void {
  const read = allow('campaigns', 'read');

  pages.get('/campaigns/:id/recipients', read, async (req, res) => {
    const ctx = ctxOf(req);
    const q = queryOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    const now = new Date();
    const [found, tzOffset] = await Promise.all([listRecipients(ctx, campaign._id, { ...q, pageSize: RECIPIENT_PAGE_SIZE }, now), tzOffsetOf(ctx)]);
    const t = res.locals.t as Translate;
    res.render('pages/campaign-recipients', {
      title: t('campaignRecipients.title', { campaign: campaign.name }),
      crumbs: [{ label: campaign.name, href: `/campaigns/${campaign._id}` }],
      crumb: t('campaignRecipients.heading'),
      totalText: found.total.toLocaleString('en-US'),
      campaign: { id: campaign._id, name: campaign.name },
      search: q.search,
      statuses: LIST_STATUSES.map((s) => ({ value: s, label: t(`campaignRecipients.status.${s}`), selected: s === q.status })),
      filtered: Boolean(q.search || q.status),
      clearLink: `/campaigns/${campaign._id}/recipients`,
      total: found.total,
      recipients: found.recipients.map((r) => recipientListRow(r, now, tzOffset, t)),
      pager: pagerView(found, `/campaigns/${campaign._id}/recipients`, { q: q.search, status: q.status }),
    });
  });

  api.get('/campaigns/:id/recipients', read, async (req, res) => {
    const ctx = ctxOf(req);
    const q = queryOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    const now = new Date();
    const found = await listRecipients(ctx, campaign._id, { ...q, pageSize: RECIPIENT_PAGE_SIZE }, now);
    const recipients = found.recipients.map((r) => ({
      id: r._id,
      siteCode: r.siteCode,
      name: maskName(r.name),
      email: maskEmail(r.email),
      phone: maskPhone(r.phone),
      caseId: r.caseId ?? null,
      status: listStatusOf(r, now),
      mailsSent: r.mailsSent,
    }));
    res.json({ recipients, total: found.total, page: found.page, pages: found.pages, pageSize: found.pageSize });
  });
}
