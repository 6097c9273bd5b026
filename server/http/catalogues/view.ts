/** The preview page's model: every row with its errors in the reader's language. */
import type { RowError } from '../../services/catalogues/import/check';
import type { CataloguePreview } from '../../services/catalogues/import/imports';

type T = (key: string, vars?: Record<string, unknown>) => string;

export function errorText(e: RowError, t: T): string {
  const values = { ...e.values, lang: e.values?.lang === 'en' ? t('catalogueImport.lang.en') : t('catalogueImport.lang.zh') };
  return t(`catalogueImport.error.${e.error}`, values);
}

export function previewView(p: CataloguePreview, locale: 'zh-CN' | 'en', t: T) {
  const byRow = new Map<number, string[]>();
  for (const e of p.errors) if (e.row !== null) byRow.set(e.row, [...(byRow.get(e.row) ?? []), errorText(e, t)]);
  return {
    id: p._id,
    key: `${p.code}@${p.version}`,
    name: p.name[locale],
    filename: p.filename,
    ok: p.errors.length === 0,
    errorCount: p.errors.length,
    fileErrors: p.errors.filter((e) => e.row === null).map((e) => errorText(e, t)),
    rows: p.rows.map((r) => ({ ...r, errors: byRow.get(r.row) ?? [] })),
  };
}
