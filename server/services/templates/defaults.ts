/**
 * The default templates shipped in surveys/templates/, validated on load so a broken
 * default fails at boot rather than in front of a respondent.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../errors';
import { catalogues as shippedCatalogues, findSurveysDir } from '../catalogues';
import type { LoadedCatalogue } from '../catalogues/types';
import type { Channel, TemplateContent } from './types';
import { validateTemplate } from './validate';

/** Each *.json of `dir`, by file name, as validated TemplateContent. */
export function loadDefaultTemplates(
  dir: string = join(findSurveysDir(), 'templates'),
  catalogues: ReadonlyMap<string, LoadedCatalogue> = shippedCatalogues(),
): TemplateContent[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      try {
        return validateTemplate(JSON.parse(readFileSync(join(dir, file), 'utf8')), catalogues);
      } catch (err) {
        // Name the file: the same rule can break in several templates.
        if (err instanceof ValidationError) throw new ValidationError(`${file}: ${err.message}`, err.field, err.code);
        if (err instanceof SyntaxError) throw new ValidationError(`${file}: not valid JSON (${err.message})`);
        throw err;
      }
    });
}

let shipped: TemplateContent[] | undefined;

/** The default template shipped for `channel`, loaded once per process (every channel ships one). */
export function shippedDefault(channel: Channel): TemplateContent {
  const found = (shipped ??= loadDefaultTemplates()).find((t) => t.channel === channel);
  if (!found) throw new Error(`no default template ships for the ${channel} channel`);
  return found;
}

/** The ids of a template's checklist items in form order: what a shopper ticks yes, no or N/A. */
export function checklistItemIds(content: TemplateContent): string[] {
  return content.sections.flatMap((s) => s.questions.filter((q) => q.type === 'checklist').map((q) => q.id));
}

/** Stands for the enterprise's name in the shipped texts (the call script's greeting). */
export const ENTERPRISE_NAME_SLOT = '{enterprise}';

/**
 * A shipped default as one enterprise gets it: its own name written in where the
 * texts hold the slot, so the template it edits (and the agents read) says it.
 */
export function defaultForEnterprise(content: TemplateContent, enterpriseName: string): TemplateContent {
  // Every text of a template is a JSON string, so replacing in the serialised form reaches them all;
  // the name goes in JSON-escaped so a quote in it cannot break the document.
  const escaped = JSON.stringify(enterpriseName).slice(1, -1);
  return JSON.parse(JSON.stringify(content).split(ENTERPRISE_NAME_SLOT).join(escaped)) as TemplateContent;
}
