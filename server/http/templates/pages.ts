/**
 * Template pages for enterprise admins: the list (new from a default, blank or
 * imported JSON), the builder, the phone preview and the publish form. The
 * builder itself saves through the JSON API; these pages only render and redirect.
 */
import { Router, type Request, type Response } from 'express';
import { AppError, ValidationError } from '../../errors';
import { catalogueKeys, t, type Locale } from '../../i18n';
import { getCatalogue } from '../../services/catalogues';
import type { TenantContext } from '../../services/context';
import { getEnterprise } from '../../services/accounts/enterprises';
import { defaultForEnterprise, loadDefaultTemplates } from '../../services/templates/defaults';
import { CHANNELS, type Channel, type TemplateContent } from '../../services/templates/types';
import { createTemplate, editableContent, getTemplate, getVersion, listTemplates, listVersions, publish } from '../../services/templates/versions';
import { ctxOf, allow } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { builderCatalogues } from './indicatorTree';
import { localStamp, tzOffsetOf } from '../../services/localTime';
import { answerErrors, formAnswers, surveyViewModel } from '../survey-view';
import { param, parse } from '../validate';
import { importFormSchema, previewQuery, startFormSchema } from './schema';
import { TemplateRuleError, ruleText } from '../../services/templates/rules';
import { lifecyclePages } from './lifecyclePages';
import { builderSpecs, questionType } from '../../services/questions/registry';
import { allowed } from '../../services/policy';
import { channels } from '../../services/channels';

/** The 27-indicator tree the shipped default templates use; blank templates start on it too. */
const BLANK_CATALOGUE = 'sbt10401-27';

let shippedDefaults: TemplateContent[] | undefined;
const defaults = () => (shippedDefaults ??= loadDefaultTemplates());

/** JSON for a <script type="application/json"> block: `</script>` and friends cannot end it early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Smallest valid template of a channel: one optional comment question, ready to extend. */
function blankTemplate(channel: Channel): TemplateContent {
  const both = (key: string) => ({ 'zh-CN': t('zh-CN', key), en: t('en', key) });
  const catalogue = getCatalogue(BLANK_CATALOGUE);
  return {
    channel,
    name: both(channels.labelKey(channel, 'blankTemplate')),
    catalogue: { code: catalogue.code, version: catalogue.version },
    sections: [
      { id: 's1', title: both('templates.blank.section'), questions: [{ id: 'q1', type: 'text', prompt: both('templates.blank.question'), required: false }] },
    ],
  };
}

function startingContent(start: string, enterpriseName: string): TemplateContent {
  const [kind, value] = start.split(':') as [string, string];
  if (kind === 'blank') return blankTemplate(value as Channel);
  const found = defaults()[Number(value)];
  if (!found) throw new ValidationError('start: no such default template', 'start');
  return defaultForEnterprise(found, enterpriseName);
}

/** Creates, then opens the builder; a refused template comes back to the list as a flash. */
async function createThenOpen(req: Request, res: Response, make: () => TemplateContent): Promise<void> {
  try {
    const template = await createTemplate(ctxOf(req), make());
    res.redirect(303, `/templates/${template._id}`);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    req.session.flash = { kind: 'error', text: err instanceof TemplateRuleError ? ruleText(err, req.locale) : err.message };
    res.redirect(303, '/templates');
  }
}

function parseImport(body: unknown): TemplateContent {
  const { json } = parse(importFormSchema, body);
  try {
    return JSON.parse(json) as TemplateContent;
  } catch {
    throw new ValidationError('json: the text is not valid JSON', 'json');
  }
}

/** Every templates.* text of the locale, for builder.js (all UI text stays in the catalogues). */
function builderText(locale: Locale): Record<string, string> {
  return Object.fromEntries(
    catalogueKeys(locale)
      .filter((k) => k.startsWith('templates.'))
      .map((k) => [k, t(locale, k)]),
  );
}

/** What the preview shows: a frozen version when asked, else the draft being edited (or the live version). */
async function previewContent(ctx: TenantContext, id: string, version: number | undefined): Promise<TemplateContent> {
  return version === undefined ? editableContent(ctx, id) : (await getVersion(ctx, id, version)).content;
}

export function templatePages() {
  const pages = Router();
  const read = allow('templates', 'read');
  const manage = allow('templates', 'manage');

  pages.get('/templates', read, async (req, res) => {
    const locale = req.locale;
    const channelLabel = (c: Channel) => res.locals.t(channels.labelKey(c));
    const tz = await tzOffsetOf(ctxOf(req));
    const all = (await listTemplates(ctxOf(req), { includeArchived: true })).map((tpl) => ({
      id: tpl._id,
      name: tpl.name[locale],
      channel: channelLabel(tpl.channel),
      publishedVersion: tpl.publishedVersion,
      hasDraft: tpl.draft !== null,
      updatedAt: localStamp(tpl.updatedAt, tz),
      archivedAt: tpl.archivedAt ? localStamp(tpl.archivedAt, tz) : undefined,
    }));
    const templates = all.filter((tpl) => !tpl.archivedAt);
    const archived = all.filter((tpl) => tpl.archivedAt);
    const starts = [
      ...defaults().map((c, i) => ({ value: `default:${i}`, label: `${c.name[locale]}（${channelLabel(c.channel)}）` })),
      ...CHANNELS.map((c) => ({ value: `blank:${c}`, label: res.locals.t('templates.blank.option', { channel: channelLabel(c) }) })),
    ];
    res.render('pages/templates', {
      title: res.locals.t('templates.title'),
      templates,
      archived,
      starts,
      canManage: allowed(req.actor!, 'templates', 'manage'),
    });
  });
  pages.post('/templates', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const { name } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
    await createThenOpen(req, res, () => startingContent(parse(startFormSchema, req.body).start, name));
  });
  pages.post('/templates/import', manage, async (req, res) => {
    await createThenOpen(req, res, () => parseImport(req.body));
  });

  pages.get('/templates/:id', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const template = await getTemplate(ctx, param(req.params.id));
    const content = await editableContent(ctx, template._id);
    const tz = await tzOffsetOf(ctx);
    const versions = (await listVersions(ctx, template._id)).map((v) => ({ version: v.version, publishedAt: localStamp(String(v.publishedAt), tz) }));
    res.render('pages/template-builder', {
      title: res.locals.t('templates.builder.title'),
      template: { id: template._id, name: template.name[req.locale], channel: res.locals.t(channels.labelKey(template.channel)) },
      publishedVersion: template.publishedVersion,
      hasDraft: template.draft !== null,
      versions,
      contentJson: scriptJson(content),
      cataloguesJson: scriptJson(builderCatalogues(content.channel)),
      textJson: scriptJson(builderText(req.locale)),
      typesJson: scriptJson(builderSpecs()),
      // What the template's channel allows (section weights), so the builder names no channel.
      channelJson: scriptJson(channels.modules.get(content.channel)?.templates ?? {}),
    });
  });

  const renderPreview = async (req: Request, res: Response, posted?: Record<string, unknown>) => {
    const ctx = ctxOf(req);
    const template = await getTemplate(ctx, param(req.params.id));
    const { version } = parse(previewQuery, req.query);
    const content = await previewContent(ctx, template._id, version);
    let answers: Record<string, unknown> = {};
    let errors: Record<string, string> = {};
    if (posted) {
      answers = formAnswers(content, posted);
      // The preview form is urlencoded, so photo fields carry file names, not uploads: leave them out.
      for (const q of content.sections.flatMap((s) => s.questions))
        if (questionType(q.type).form(q, req.locale, undefined).control === 'file') delete answers[q.id];
      errors = answerErrors(content, answers, req.locale);
    }
    const query = version === undefined ? '' : `version=${version}&`;
    res.render('pages/template-preview', {
      title: res.locals.t('templates.preview.title'),
      survey: surveyViewModel(content, req.locale, answers, errors),
      templateId: template._id,
      version,
      action: `/templates/${template._id}/preview${version === undefined ? '' : `?version=${version}`}`,
      zhHref: `?${query}lang=zh-CN`,
      enHref: `?${query}lang=en`,
      valid: posted !== undefined && Object.keys(errors).length === 0,
    });
  };
  pages.get('/templates/:id/preview', read, (req, res) => renderPreview(req, res));
  pages.post('/templates/:id/preview', read, (req, res) => renderPreview(req, res, req.body ?? {}));

  pages.post('/templates/:id/publish', manage, async (req, res) => {
    const ctx = ctxOf(req);
    // Looked up outside the flash: another enterprise's template is a 404, not a message.
    const template = await getTemplate(ctx, param(req.params.id));
    await flashAndRedirect(req, res, `/templates/${template._id}`, async () => {
      try {
        const version = await publish(ctx, template._id);
        return res.locals.t('templates.published', { version: version.version });
      } catch (err) {
        // The flash says the broken rule in the page language, naming the question by its prompt.
        if (err instanceof TemplateRuleError) throw new ValidationError(ruleText(err, req.locale), err.field);
        throw err;
      }
    });
  });

  lifecyclePages(pages, manage);
  return pages;
}
