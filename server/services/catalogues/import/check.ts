/**
 * Row-level checks of an imported catalogue, each error with a stable code and
 * its values, so the page states it in the reader's language (i18n
 * catalogueImport.error.<code>). Kinds follow from the tree: a top row is a
 * level, a row with children under a level is an item, a row without children
 * is an indicator. The rows that pass become a catalogue the same checker as
 * the shipped files accepts (load.ts), so an import cannot hold less than they do.
 */
import type { Catalogue, CatalogueNode, EvidenceKind } from '../types';
import { CatalogueError, checkCatalogue, toHundredths } from '../load';
import type { CatalogueRow } from './rows';

export type RowErrorCode =
  | 'missingCode'
  | 'badCode'
  | 'duplicateCode'
  | 'unknownParent'
  | 'cycle'
  | 'missingName'
  | 'badPoints'
  | 'unknownEvidence'
  | 'noEvidence'
  | 'evidenceOnBranch'
  | 'pointsSum'
  | 'totalPoints'
  | 'codePrefix'
  | 'tooDeep'
  | 'emptyLevel'
  | 'other';

export interface RowError {
  /** The file's row, or null for the file as a whole (the total). */
  row: number | null;
  code: string;
  error: RowErrorCode;
  values?: Record<string, string | number>;
}

const SEGMENT = '[a-z][a-z0-9_]*';
const CODE = new RegExp(`^${SEGMENT}(\\.${SEGMENT})*$`);
const EVIDENCE: Record<string, EvidenceKind> = { onsite: 'onsite', perceived: 'perceived', 现场: 'onsite', 顾客感知: 'perceived', 顾客: 'perceived' };
export const TOTAL_POINTS = 100;

function evidenceOf(text: string): { kinds: EvidenceKind[]; unknown: string[] } {
  const parts = text.split(/[\s,;|、，；+]+/).filter(Boolean);
  const kinds = [...new Set(parts.map((p) => EVIDENCE[p.toLowerCase()]).filter((k): k is EvidenceKind => !!k))];
  return { kinds, unknown: parts.filter((p) => !EVIDENCE[p.toLowerCase()]) };
}

/** Errors of every row; with none, the catalogue the rows describe. */
export function checkRows(
  rows: CatalogueRow[],
  head: Pick<Catalogue, 'code' | 'version' | 'name' | 'description' | 'sources' | 'notes'>,
): { errors: RowError[]; catalogue: Catalogue | null } {
  const errors: RowError[] = [];
  const fail = (r: CatalogueRow | null, error: RowErrorCode, values?: RowError['values']) =>
    errors.push({ row: r?.row ?? null, code: r?.code ?? '', error, ...(values ? { values } : {}) });
  const byCode = new Map<string, CatalogueRow>();
  for (const r of rows) {
    if (!r.code) fail(r, 'missingCode');
    else if (!CODE.test(r.code)) fail(r, 'badCode');
    else if (byCode.has(r.code)) fail(r, 'duplicateCode', { first: byCode.get(r.code)!.row });
    else byCode.set(r.code, r);
    if (!r.nameZh) fail(r, 'missingName', { lang: 'zh-CN' });
    if (!r.nameEn) fail(r, 'missingName', { lang: 'en' });
    const points = Number(r.points);
    if (r.points === '' || !Number.isFinite(points) || points < 0 || Math.abs(points * 100 - Math.round(points * 100)) > 1e-6)
      fail(r, 'badPoints', { value: r.points });
    const { unknown } = evidenceOf(r.evidence);
    for (const u of unknown) fail(r, 'unknownEvidence', { value: u });
  }
  const unique = [...byCode.values()];
  for (const r of unique) if (r.parent && !byCode.has(r.parent)) fail(r, 'unknownParent', { parent: r.parent });

  // Cycles: following parents from a row comes back to it.
  const inCycle = new Set<string>();
  for (const r of unique) {
    const seen = new Set<string>();
    for (let at: CatalogueRow | undefined = r; at?.parent; at = byCode.get(at.parent)) {
      if (seen.has(at.code)) break;
      seen.add(at.code);
      if (at.parent === r.code) {
        inCycle.add(r.code);
        break;
      }
    }
  }
  for (const code of inCycle) fail(byCode.get(code)!, 'cycle');

  // Every error is reported in one pass: the tree checks go on over the rows whose ancestry is sound.
  const sound = (r: CatalogueRow): boolean => !inCycle.has(r.code) && (!r.parent || (byCode.has(r.parent) && sound(byCode.get(r.parent)!)));
  const tree = unique.filter((r) => !inCycle.has(r.code) && sound(r));
  const children = new Map<string, CatalogueRow[]>();
  for (const r of tree) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  const depth = (r: CatalogueRow): number => (r.parent ? depth(byCode.get(r.parent)!) + 1 : 0);
  const nodes: CatalogueNode[] = tree.map((r) => {
    const hasChildren = children.has(r.code);
    const d = depth(r);
    const kind: CatalogueNode['kind'] = d === 0 ? 'level' : hasChildren ? 'item' : 'indicator';
    if (d === 0 && !hasChildren) fail(r, 'emptyLevel');
    if (hasChildren && d >= 2) fail(r, 'tooDeep');
    if (r.parent && !r.code.startsWith(`${r.parent}.`)) fail(r, 'codePrefix', { parent: r.parent });
    const { kinds } = evidenceOf(r.evidence);
    if (kind === 'indicator' && !kinds.length) fail(r, 'noEvidence');
    if (kind !== 'indicator' && kinds.length) fail(r, 'evidenceOnBranch');
    const kids = children.get(r.code) ?? [];
    if (hasChildren && [r, ...kids].every((x) => Number.isFinite(Number(x.points)) && x.points !== '')) {
      const sum = children.get(r.code)!.reduce((s, c) => s + toHundredths(Number(c.points)), 0);
      if (sum !== toHundredths(Number(r.points))) fail(r, 'pointsSum', { sum: sum / 100, expected: Number(r.points) });
    }
    return {
      code: r.code,
      name: { 'zh-CN': r.nameZh, en: r.nameEn },
      kind,
      ...(r.parent ? { parent: r.parent } : {}),
      maxPoints: Number(r.points),
      pointsSource: 'published',
      ...(kind === 'indicator' ? { evidence: kinds } : {}),
    };
  });
  const total = tree.filter((r) => !r.parent).reduce((s, r) => s + toHundredths(Number(r.points)), 0);
  if (total !== TOTAL_POINTS * 100) fail(null, 'totalPoints', { sum: total / 100, expected: TOTAL_POINTS });
  if (errors.length) return { errors: sorted(errors), catalogue: null };

  const catalogue: Catalogue = { ...head, totalPoints: TOTAL_POINTS, nodes };
  try {
    checkCatalogue(catalogue, `${head.code}@${head.version}`);
  } catch (err) {
    // A rule the rows above do not name yet: still refused, on the row it concerns.
    if (!(err instanceof CatalogueError)) throw err;
    const r = err.node ? (byCode.get(err.node) ?? null) : null;
    fail(r, 'other', { message: err.message });
    return { errors: sorted(errors), catalogue: null };
  }
  return { errors: [], catalogue };
}

const sorted = (errors: RowError[]) => errors.sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity));
