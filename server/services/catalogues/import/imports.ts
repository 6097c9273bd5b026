/**
 * Catalogue import by the platform operator (a certification body's revised
 * tree, a sector scheme, an enterprise's own indicators): a file becomes a
 * preview with its row errors; a preview without errors is imported as the next
 * version of its code. Imported catalogues are platform-wide, like the shipped
 * ones, never change once imported, and join the registry that templates,
 * projects and schemes read (loaded again at boot by loadImportedCatalogues).
 */
import crypto from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../../errors';
import { DuplicateKeyError, type Doc, type Store } from '../../../store/types';
import { recordPlatformAudit } from '../../auditLog';
import { nowIso, type Actor } from '../../context';
import { assertAllowed } from '../../policy';
import { catalogues, registerCatalogue } from '../index';
import { catalogueKey, checkCatalogue } from '../load';
import type { Catalogue, LoadedCatalogue } from '../types';
import { checkRows, type RowError } from './check';
import { readCatalogueFile, type CatalogueRow } from './rows';

export const IMPORTED = 'catalogues';
export const PREVIEWS = 'catalogueImports';
const MAX_ROWS = 2000;

export interface CataloguePreview extends Doc {
  code: string;
  version: string;
  name: { 'zh-CN': string; en: string };
  filename: string;
  rows: CatalogueRow[];
  errors: RowError[];
  createdAt: string;
  createdBy: string;
}

interface ImportedCatalogue extends Doc {
  catalogue: Catalogue;
  importedAt: string;
  importedBy: string;
  filename: string;
}

export interface PreviewInput {
  code: string;
  name?: { 'zh-CN': string; en: string };
  file: { buffer: Buffer; filename: string };
}

/** The next major version of a code: "1.0.0" for a new code, else one above the highest major. */
function nextVersion(code: string): string {
  const majors = [...catalogues().values()].filter((c) => c.code === code).map((c) => Number.parseInt(c.version, 10) || 0);
  return `${Math.max(0, ...majors) + 1}.0.0`;
}

export async function previewCatalogueImport(root: Store, actor: Actor, input: PreviewInput): Promise<CataloguePreview> {
  assertAllowed(actor, 'catalogues', 'import');
  if (!/^[a-z0-9][a-z0-9._-]{1,59}$/.test(input.code)) throw new ValidationError('code: must be 2–60 lowercase letters, digits, ".", "_" or "-"', 'code');
  const read = await readCatalogueFile(input.file.buffer, input.file.filename);
  if (read.rows.length > MAX_ROWS) throw new ValidationError(`file: at most ${MAX_ROWS} rows`, 'file');
  const name = input.name ?? read.name;
  if (!name) throw new ValidationError('name: give the catalogue a Chinese and an English name', 'name');
  const version = nextVersion(input.code);
  const { errors } = checkRows(read.rows, headOf(input.code, version, name, input.file.filename, actor));
  const preview: CataloguePreview = {
    _id: crypto.randomUUID(),
    code: input.code,
    version,
    name,
    filename: input.file.filename,
    rows: read.rows,
    errors,
    createdAt: nowIso(),
    createdBy: actor.userId,
  };
  await root.collection<CataloguePreview>(PREVIEWS).insertOne(preview);
  return preview;
}

export async function getPreview(root: Store, actor: Actor, id: string): Promise<CataloguePreview> {
  assertAllowed(actor, 'catalogues', 'import');
  const found = await root.collection<CataloguePreview>(PREVIEWS).findOne({ _id: id });
  if (!found) throw new NotFoundError('catalogue preview');
  return found;
}

function headOf(code: string, version: string, name: CataloguePreview['name'], filename: string, actor: Actor) {
  return {
    code,
    version,
    name,
    description: name,
    sources: [`Imported from ${filename} by the platform operator (${actor.userId}) on ${nowIso().slice(0, 10)}`],
    notes: 'Imported catalogue: every number is the importer’s own (recorded as published), checked to add up to its parents and to 100.',
  };
}

/** Imports a preview without errors as its version; a preview is used once. */
export async function commitCatalogueImport(root: Store, actor: Actor, previewId: string): Promise<LoadedCatalogue> {
  const preview = await getPreview(root, actor, previewId);
  if (preview.errors.length)
    throw new ConflictError(`file: ${preview.errors.length} rows have errors; correct the file and upload it again`, 'file', 'import_errors');
  if (catalogues().has(catalogueKey(preview.code, preview.version))) {
    throw new ConflictError(`version: ${preview.code}@${preview.version} was imported meanwhile; upload the file again for the next version`, 'version');
  }
  const { catalogue } = checkRows(preview.rows, headOf(preview.code, preview.version, preview.name, preview.filename, actor));
  const doc: ImportedCatalogue = {
    _id: catalogueKey(preview.code, preview.version),
    catalogue: catalogue!,
    importedAt: nowIso(),
    importedBy: actor.userId,
    filename: preview.filename,
  };
  try {
    await root.withTransaction(async (tx) => {
      await tx.collection<ImportedCatalogue>(IMPORTED).insertOne(doc);
      if (!(await tx.collection(PREVIEWS).deleteOne({ _id: previewId }))) throw new ConflictError('preview: already imported', 'preview');
      await recordPlatformAudit(tx, actor, 'catalogue.import', IMPORTED, doc._id, {
        code: preview.code,
        version: preview.version,
        rows: preview.rows.length,
        filename: preview.filename,
      });
    });
  } catch (err) {
    if (err instanceof DuplicateKeyError)
      throw new ConflictError(`version: ${doc._id} was imported meanwhile; upload the file again for the next version`, 'version');
    throw err;
  }
  const loaded = checkCatalogue(catalogue!, doc._id);
  registerCatalogue(loaded);
  return loaded;
}

/**
 * The imported catalogues this process does not know yet join the shipped ones: at boot, and then
 * periodically, because another process (WORKERS=N, or another instance on MongoDB) may have imported one.
 * Reads ids only when nothing is new.
 */
export async function loadImportedCatalogues(store: Store): Promise<number> {
  const known = catalogues();
  const missing = [...(await importedKeys(store))].filter((key) => !known.has(key));
  if (!missing.length) return 0;
  const docs = await store.collection<ImportedCatalogue>(IMPORTED).find({ _id: { $in: missing } }, { limit: 10_000 });
  for (const d of docs) registerCatalogue(checkCatalogue(d.catalogue, d._id));
  return docs.length;
}

/** Which catalogue versions were imported (the rest are shipped). */
export async function importedKeys(store: Store): Promise<Set<string>> {
  return new Set((await store.collection<ImportedCatalogue>(IMPORTED).find({}, { limit: 10_000, fields: ['_id'] })).map((d) => d._id));
}
