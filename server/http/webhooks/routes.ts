/** Webhook endpoints for enterprise admins: register, change, test, read the delivery log. */
import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../../deps';
import type { TenantRoutes } from '../routeModules';
import { tzOffsetOf } from '../../services/calls/clock';
import { listAttempts } from '../../services/webhooks/deliver';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, publicEndpoint, updateEndpoint, type UrlPolicy } from '../../services/webhooks/endpoints';
import { sendTestEvent } from '../../services/webhooks/examples';
import { WEBHOOK_EVENTS } from '../../services/webhooks/types';
import { dashboardHelpers } from '../dashboard/helpers';
import { ctxOf, allow } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { param, parse } from '../validate';
import { endpointCreateSchema, endpointFormSchema, endpointUpdateSchema, testEventFormSchema, testEventSchema } from './schema';

export function webhookRoutes(deps: AppDeps): TenantRoutes {
  const api = Router();
  const pages = Router();
  const manage = allow('webhooks', 'manage');
  const policy: UrlPolicy = { allowLoopbackHttp: deps.config.webhookAllowHttpLoopback };
  const idOf = (req: Request) => param(req.params.id);
  // Found (or 404) before any body is read: a form's flash or a 400 must not hide that the id is not the caller's.
  const endpointOf = async (req: Request) => (await getEndpoint(ctxOf(req), idOf(req)))._id;

  api.get('/webhooks', manage, async (req, res) => res.json({ endpoints: (await listEndpoints(ctxOf(req))).map(publicEndpoint) }));
  api.post('/webhooks', manage, async (req, res) => {
    const endpoint = await createEndpoint(ctxOf(req), parse(endpointCreateSchema, req.body), policy);
    // The secret is shown in full here and on the endpoint's page, never in lists or the audit log.
    res.status(201).json({ endpoint: publicEndpoint(endpoint), secret: endpoint.secret });
  });
  api.get('/webhooks/:id', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const endpoint = await getEndpoint(ctx, idOf(req));
    res.json({ endpoint: publicEndpoint(endpoint), deliveries: await listAttempts(ctx, endpoint._id) });
  });
  api.patch('/webhooks/:id', manage, async (req, res) => {
    res.json({ endpoint: publicEndpoint(await updateEndpoint(ctxOf(req), idOf(req), parse(endpointUpdateSchema, req.body), policy)) });
  });
  api.delete('/webhooks/:id', manage, async (req, res) => {
    await deleteEndpoint(ctxOf(req), idOf(req));
    res.status(204).end();
  });
  api.post('/webhooks/:id/test', manage, async (req, res) => {
    const id = await endpointOf(req);
    res.status(202).json({ event: await sendTestEvent(ctxOf(req), id, parse(testEventSchema, req.body).type) });
  });

  const eventLabel = (res: Response, type: string) => res.locals.t(`webhooks.event.${type}`);

  pages.get('/admin/webhooks', manage, async (req, res) => {
    const endpoints = (await listEndpoints(ctxOf(req))).map((e) => ({
      ...publicEndpoint(e),
      eventLabels: e.events.map((type) => eventLabel(res, type)).join('、'),
    }));
    res.render('pages/webhooks', {
      title: res.locals.t('webhooks.title'),
      endpoints,
      events: WEBHOOK_EVENTS.map((value) => ({ value, label: eventLabel(res, value) })),
    });
  });
  pages.post('/admin/webhooks', manage, async (req, res) => {
    await flashAndRedirect(req, res, '/admin/webhooks', async () => {
      await createEndpoint(ctxOf(req), parse(endpointFormSchema, req.body), policy);
      return res.locals.t('webhooks.created');
    });
  });
  pages.get('/admin/webhooks/:id', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const endpoint = await getEndpoint(ctx, idOf(req));
    const deliveries = (await listAttempts(ctx, endpoint._id)).map((a) => ({ ...a, eventLabel: eventLabel(res, a.type) }));
    res.render('pages/webhook', {
      title: res.locals.t('webhooks.endpointTitle'),
      endpoint,
      subscribed: endpoint.events.map((value) => ({ value, label: eventLabel(res, value) })),
      deliveries,
      tz: await tzOffsetOf(ctx),
      helpers: dashboardHelpers,
    });
  });
  pages.post('/admin/webhooks/:id/test', manage, async (req, res) => {
    const id = await endpointOf(req);
    await flashAndRedirect(req, res, `/admin/webhooks/${encodeURIComponent(id)}`, async () => {
      await sendTestEvent(ctxOf(req), id, parse(testEventFormSchema, req.body).type);
      return res.locals.t('webhooks.testQueued');
    });
  });
  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    pages.post(`/admin/webhooks/:id/${action}`, manage, async (req, res) => {
      const id = await endpointOf(req);
      await flashAndRedirect(req, res, `/admin/webhooks/${encodeURIComponent(id)}`, async () => {
        await updateEndpoint(ctxOf(req), id, { enabled }, policy);
        return res.locals.t(enabled ? 'webhooks.enabledFlash' : 'webhooks.disabledFlash');
      });
    });
  }
  pages.post('/admin/webhooks/:id/delete', manage, async (req, res) => {
    const id = await endpointOf(req);
    await flashAndRedirect(req, res, '/admin/webhooks', async () => {
      await deleteEndpoint(ctxOf(req), id);
      return res.locals.t('webhooks.deleted');
    });
  });
  return { api, pages };
}
