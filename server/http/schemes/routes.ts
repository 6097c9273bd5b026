/**
 * Certification schemes. Above tenants (the operator's): every version, one
 * version, and publishing a new one, as API and page. Inside a tenant
 * (projectSchemeRoutes): the version the project pins, and pinning another.
 */
import { Router } from 'express';
import type { Store } from '../../store/types';
import { getScheme, listSchemes, publishScheme } from '../../services/schemes/registry';
import { pinScheme, projectScheme } from '../../services/schemes/pin';
import { schemeSummary } from '../../services/schemes/settings';
import { thresholdsOf } from '../../services/schemes/check';
import { schemeKey, type RegisteredScheme } from '../../services/schemes/types';
import { allowed } from '../../services/policy';
import { allow, ctxOf } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { param, parse } from '../validate';
import { pinFormSchema, publishFormSchema, publishSchema, schemeRefSchema } from './schema';
import { CHANNELS } from '../../services/channels';

/** One row of the pages' version lists. */
function row(s: RegisteredScheme, locale: 'zh-CN' | 'en', t: (key: string) => string) {
  return {
    key: schemeKey(s),
    name: s.name[locale],
    origin: s.origin,
    publishedAt: s.publishedAt?.slice(0, 16).replace('T', ' ') ?? '',
    catalogue: `${s.catalogue.code}@${s.catalogue.version}`,
    thresholds: Object.values(thresholdsOf(s)).join(' / '),
    levelNames: [s.notCertifiedName, s.levels.compliant.name, s.levels.three.name, s.levels.four.name, s.levels.five.name].map((n) => n[locale]).join(' / '),
    bonusCap: s.bonusCap,
    deductionPoints: s.deductionPoints,
    blockingDeductions: s.blockingDeductions,
    rollup: t(`schemes.rollup.${s.enterpriseRollup}`),
    blocking: t(`schemes.blocking.${s.multiSiteBlocking}`),
    originLabel: t(`schemes.origin.${s.origin}`),
    weights: CHANNELS.map((c) => s.channelWeights[c]).join(' / '),
    gate: `${s.gate.target} (${s.gate.rule})`,
  };
}

/** What the publish form starts from: the newest version, minus what the registry assigns. */
function draftOf(schemes: RegisteredScheme[]): string {
  const { version: _v, origin: _o, publishedAt: _a, publishedBy: _b, ...content } = schemes[schemes.length - 1]!;
  return JSON.stringify(content, null, 2);
}

export function operatorSchemeRoutes(store: Store) {
  const api = Router();
  const pages = Router();
  const read = allow('schemes', 'read');
  const publish = allow('schemes', 'publish');

  api.get('/schemes', read, async (_req, res) => res.json({ schemes: await listSchemes(store) }));
  api.get('/schemes/:code/:version', read, async (req, res) => {
    const ref = parse(schemeRefSchema, { code: param(req.params.code, 'code'), version: param(req.params.version, 'version') });
    res.json({ scheme: await getScheme(store, ref) });
  });
  api.post('/schemes', publish, async (req, res) => {
    res.status(201).json({ scheme: await publishScheme(store, req.actor!, parse(publishSchema, req.body)) });
  });

  pages.get('/operator/schemes', publish, async (req, res) => {
    const schemes = await listSchemes(store);
    res.render('pages/schemes', {
      title: res.locals.t('schemes.title'),
      schemes: schemes.map((s) => row(s, req.locale, res.locals.t)),
      draft: req.session.schemeDraft ?? draftOf(schemes),
    });
    delete req.session.schemeDraft;
  });
  pages.post('/operator/schemes', publish, async (req, res) => {
    const text = typeof req.body?.scheme === 'string' ? (req.body.scheme as string) : '';
    await flashAndRedirect(req, res, '/operator/schemes', async () => {
      try {
        const published = await publishScheme(store, req.actor!, parse(publishFormSchema, req.body));
        return res.locals.t('schemes.published', { key: schemeKey(published) });
      } catch (err) {
        // The operator's text comes back to be corrected, not retyped.
        req.session.schemeDraft = text.slice(0, 20_000);
        throw err;
      }
    });
  });
  return { api, pages };
}

/** The project's pinned version: read by anyone who reads scores, changed by an admin. */
export function projectSchemeRoutes() {
  const api = Router();
  const pages = Router();

  api.get('/project/scheme', allow('project', 'read'), async (req, res) => {
    res.json({ scheme: schemeSummary(await projectScheme(ctxOf(req))) });
  });
  api.put('/project/scheme', allow('project', 'manage'), async (req, res) => {
    const project = await pinScheme(ctxOf(req), parse(schemeRefSchema, req.body));
    res.json({ project, scheme: schemeSummary(await projectScheme(ctxOf(req), project)) });
  });

  pages.get('/project/scheme', allow('project', 'read'), async (req, res) => {
    const ctx = ctxOf(req);
    const current = await projectScheme(ctx);
    const schemes = await listSchemes(ctx.root);
    res.render('pages/project-scheme', {
      title: res.locals.t('schemes.project.title'),
      current: row(current, req.locale, res.locals.t),
      currentKey: schemeKey(current),
      schemes: schemes.map((s) => ({ ...row(s, req.locale, res.locals.t), selected: schemeKey(s) === schemeKey(current) })),
      mayPin: allowed(req.actor!, 'project', 'manage'),
    });
  });
  pages.post('/project/scheme', allow('project', 'manage'), async (req, res) => {
    await flashAndRedirect(req, res, '/project/scheme', async () => {
      const project = await pinScheme(ctxOf(req), parse(pinFormSchema, req.body));
      return res.locals.t('schemes.project.pinned', { key: schemeKey(project.scheme) });
    });
  });
  return { api, pages };
}
