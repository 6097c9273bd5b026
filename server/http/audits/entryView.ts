/**
 * The auditor's entry page for one site: the catalogue's indicators grouped
 * by level and item, each with its maximum points, evidence kinds, customer
 * score and the current entry (or, after a refused save, what was typed).
 */
import type { Locale } from '../../i18n';
import { type LoadedCatalogue, outlineNumber } from '../../services/catalogues';
import type { CatalogueNode } from '../../services/catalogues/types';
import type { AuditEntry } from '../../services/audits/types';
import type { FormRow } from './entryForm';
import { points, score } from './format';

type T = (key: string, vars?: Record<string, unknown>) => string;

export interface IndicatorRow {
  index: number;
  code: string;
  /** The outline number shown beside the name (the code stays in the form's field names). */
  number: string;
  name: string;
  maxPoints: string;
  evidence: string[];
  perceived: string | null;
  statuses: Array<{ value: string; label: string; checked: boolean; id: string }>;
  fraction: string;
  reason: string;
  nc: { note: string; evidence: string; dueDate: string };
  ncOpen: boolean;
  rev: number;
  error: string | null;
}

export interface LevelGroup {
  name: string;
  points: string;
  items: Array<{ name: string | null; points: string; rows: IndicatorRow[] }>;
}

const STATUS_VALUES = ['', 'met', 'notMet', 'fraction', 'na'] as const;

/** The row as stored, for a fresh page. */
export function rowOfEntry(entry: AuditEntry | undefined): FormRow {
  return {
    status: entry?.status ?? '',
    fraction: entry?.fraction !== undefined ? String(entry.fraction) : '',
    reason: entry?.reason ?? '',
    nc: { note: entry?.nonconformity?.note ?? '', evidence: entry?.nonconformity?.evidence ?? '', dueDate: entry?.nonconformity?.dueDate ?? '' },
    rev: entry?.rev ?? 0,
  };
}

export function entryGroups(
  catalogue: LoadedCatalogue,
  locale: Locale,
  t: T,
  rows: Map<string, FormRow>,
  perceived: Record<string, { score: number; n: number }>,
  errors: Map<string, string>,
): LevelGroup[] {
  let index = 0;
  const row = (node: CatalogueNode): IndicatorRow => {
    const i = index++;
    const r = rows.get(node.code) ?? rowOfEntry(undefined);
    const p = perceived[node.code];
    return {
      index: i,
      code: node.code,
      number: outlineNumber(catalogue, node.code),
      name: node.name[locale],
      maxPoints: points(node.maxPoints),
      evidence: (node.evidence ?? []).map((e) => t(`audits.evidence.${e}`)),
      perceived: node.evidence?.includes('perceived')
        ? p
          ? t('audits.entry.perceived', { score: score(p.score), n: p.n })
          : t('audits.entry.noPerceived')
        : null,
      statuses: STATUS_VALUES.map((v) => ({
        value: v,
        label: t(`audits.entry.status.${v || 'none'}`),
        checked: r.status === v,
        id: `i${i}-st-${v || 'none'}`,
      })),
      fraction: r.fraction,
      reason: r.reason,
      nc: r.nc,
      ncOpen: !!(r.nc.note || r.nc.evidence || r.nc.dueDate) || errors.has(node.code),
      rev: r.rev,
      error: errors.get(node.code) ?? null,
    };
  };
  const children = (code: string) => catalogue.childrenOf.get(code) ?? [];
  return catalogue.nodes
    .filter((n) => n.kind === 'level')
    .map((level) => {
      const direct = children(level.code).filter((n) => n.kind === 'indicator');
      const items = children(level.code)
        .filter((n) => n.kind === 'item')
        .map((item) => ({
          name: item.name[locale],
          points: points(item.maxPoints),
          rows: children(item.code)
            .filter((n) => n.kind === 'indicator')
            .map(row),
        }));
      // Indicators hung directly under a level (as GB/T 27922 does) form a group without an item name.
      const all = direct.length ? [{ name: null, points: '', rows: direct.map(row) }, ...items] : items;
      return { name: level.name[locale], points: points(level.maxPoints), items: all };
    });
}
