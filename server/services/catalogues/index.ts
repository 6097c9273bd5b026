/**
 * The catalogue registry: surveys/standards/ read and checked once, on first use
 * (call catalogues() at boot so a broken file stops the server there), plus the
 * catalogues an operator imported (catalogues/import), registered as they arrive.
 */
import { NotFoundError } from '../../errors';
import { findCatalogue, loadCatalogues } from './load';
import type { LoadedCatalogue } from './types';

export { CatalogueError, catalogueKey, compareVersions, findCatalogue, findSurveysDir, loadCatalogues, parseCatalogue, withPointOverrides } from './load';
export { outlineNumber, outlineNumbers } from './outline';
export type { Catalogue, CatalogueNode, EvidenceKind, LoadedCatalogue, PerceptionDimension } from './types';

let registry: ReadonlyMap<string, LoadedCatalogue> | undefined;

/** All shipped catalogues keyed "code@version". */
export function catalogues(): ReadonlyMap<string, LoadedCatalogue> {
  registry ??= loadCatalogues();
  return registry;
}

/**
 * Adds an imported catalogue (catalogues/import) to the registry. Its key must
 * be new: a catalogue version, once anyone may score on it, never changes.
 */
export function registerCatalogue(catalogue: LoadedCatalogue): void {
  const key = `${catalogue.code}@${catalogue.version}`;
  const current = catalogues();
  if (current.has(key)) return;
  registry = new Map([...current, [key, catalogue]]);
}

/** The shipped catalogue `code` at `version` (latest when omitted); NotFoundError when absent. */
export function getCatalogue(code: string, version?: string): LoadedCatalogue {
  const found = findCatalogue(catalogues(), code, version);
  if (!found) throw new NotFoundError(`catalogue ${version ? `${code}@${version}` : code}`);
  return found;
}
