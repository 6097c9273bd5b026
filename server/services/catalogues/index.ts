/**
 * The catalogue registry: surveys/standards/ read and checked once, on first use
 * (call catalogues() at boot so a broken file stops the server there).
 */
import { NotFoundError } from '../../errors';
import { findCatalogue, loadCatalogues } from './load';
import type { LoadedCatalogue } from './types';

export {
  CatalogueError,
  catalogueKey,
  compareVersions,
  findCatalogue,
  findSurveysDir,
  loadCatalogues,
  parseCatalogue,
  withPointOverrides,
} from './load';
export type { Catalogue, CatalogueNode, EvidenceKind, LoadedCatalogue, PerceptionDimension } from './types';

let registry: ReadonlyMap<string, LoadedCatalogue> | undefined;

/** All shipped catalogues keyed "code@version". */
export function catalogues(): ReadonlyMap<string, LoadedCatalogue> {
  registry ??= loadCatalogues();
  return registry;
}

/** The shipped catalogue `code` at `version` (latest when omitted); NotFoundError when absent. */
export function getCatalogue(code: string, version?: string): LoadedCatalogue {
  const found = findCatalogue(catalogues(), code, version);
  if (!found) throw new NotFoundError(`catalogue ${version ? `${code}@${version}` : code}`);
  return found;
}
