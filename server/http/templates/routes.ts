/**
 * Templates over JSON: list, create (also the JSON import), read with versions,
 * save the draft, publish, archive/restore, delete a never-published one, export. The service enforces templates.manage too;
 * the route checks first so a 403 never depends on the body.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { TemplateRuleError, ruleText } from '../../services/templates/rules';
import { getTemplate, getVersion, listTemplates, listVersions, publish, saveDraft, createTemplate, type Template } from '../../services/templates/versions';
import { archiveTemplate, deleteUnpublishedTemplate, restoreTemplate } from '../../services/templates/lifecycle';
import type { TemplateContent } from '../../services/templates/types';
import type { TenantContext } from '../../services/context';
import { ctxOf, allow } from '../middleware/auth';
import { param, parse } from '../validate';
import { templatePages } from './pages';
import { listQuery, versionQuery } from './schema';

/** A list entry: the draft's content stays out, only whether there is one. */
export function templateSummary(t: Template) {
  const { draft, ...rest } = t;
  return { ...rest, hasDraft: draft !== null };
}

/** ASCII file name from the English name, e.g. after-sales-survey-v2.json. */
export function exportFileName(content: TemplateContent, version: number): string {
  const slug = content.name.en
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'template'}-v${version}.json`;
}

async function withVersions(ctx: TenantContext, template: Template) {
  return { template, versions: await listVersions(ctx, template._id) };
}

export function templateRoutes() {
  const api = Router();
  const read = allow('templates', 'read');
  const manage = allow('templates', 'manage');

  api.get('/templates', read, async (req, res) => {
    const { channel, archived } = parse(listQuery, req.query);
    res.json({ templates: (await listTemplates(ctxOf(req), { channel, includeArchived: archived === 'include' })).map(templateSummary) });
  });
  api.post('/templates', manage, async (req, res) => {
    res.status(201).json({ template: await createTemplate(ctxOf(req), req.body) });
  });
  api.get('/templates/:id', read, async (req, res) => {
    const ctx = ctxOf(req);
    const template = await getTemplate(ctx, param(req.params.id));
    const { version } = parse(versionQuery, req.query);
    const frozen = version === undefined ? {} : { version: await getVersion(ctx, template._id, version) };
    res.json({ ...(await withVersions(ctx, template)), ...frozen });
  });
  // saveDraft looks the template up before validating the body, so another enterprise's id is a 404.
  api.put('/templates/:id', manage, async (req, res) => {
    const ctx = ctxOf(req);
    res.json(await withVersions(ctx, await saveDraft(ctx, param(req.params.id), req.body)));
  });
  api.post('/templates/:id/publish', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const version = await publish(ctx, param(req.params.id));
    res.status(201).json({ version, template: await getTemplate(ctx, version.templateId) });
  });
  api.post('/templates/:id/archive', manage, async (req, res) => {
    res.json({ template: templateSummary(await archiveTemplate(ctxOf(req), param(req.params.id))) });
  });
  api.post('/templates/:id/restore', manage, async (req, res) => {
    res.json({ template: templateSummary(await restoreTemplate(ctxOf(req), param(req.params.id))) });
  });
  // Only a never-published template: a published one answers 409 (archive it instead).
  api.delete('/templates/:id', manage, async (req, res) => {
    await deleteUnpublishedTemplate(ctxOf(req), param(req.params.id));
    res.status(204).end();
  });
  api.get('/templates/:id/export', read, async (req, res) => {
    const { version } = parse(versionQuery, req.query);
    const frozen = await getVersion(ctxOf(req), param(req.params.id), version);
    res.attachment(exportFileName(frozen.content, frozen.version));
    res.type('application/json').send(`${JSON.stringify(frozen.content, null, 2)}\n`);
  });

  // A broken template rule also carries its text in the request's language (the builder shows that).
  api.use((err: unknown, req: Request, _res: Response, next: NextFunction) => {
    if (err instanceof TemplateRuleError) err.text = ruleText(err, req.locale);
    next(err);
  });

  return { api, pages: templatePages() };
}
