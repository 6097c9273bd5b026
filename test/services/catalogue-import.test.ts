/**
 * Catalogue import: CSV, XLSX and JSON files become previews whose every row
 * error is named (points that do not add up, duplicates, unknown evidence
 * kinds, cycles, unknown parents, a total other than 100); a preview without
 * errors imports as the next version, joins the registry, and a template maps
 * its questions to the imported indicators as to a shipped catalogue's.
 */
import { catalogues, getCatalogue } from '../../server/services/catalogues';
import { commitCatalogueImport, previewCatalogueImport } from '../../server/services/catalogues/import/imports';
import { validateTemplate } from '../../server/services/templates/validate';
import { OPERATOR } from '../helpers/schemes';
import { BROKEN, brokenRows, csvOf, surveyOnCatalogue, validRows, xlsxOf } from '../helpers/catalogueFiles';
import { buildWorld, type World } from '../helpers/world';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

const NAME = { 'zh-CN': '测试目录', en: 'Test catalogue' };

test('a CSV with errors is refused row by row, each error on its own row', async () => {
  const preview = await previewCatalogueImport(world.store, OPERATOR, {
    code: 'svc-broken',
    name: NAME,
    file: { buffer: csvOf(brokenRows()), filename: 'broken.csv' },
  });
  const at = (row: number | null) => preview.errors.filter((e) => e.row === row).map((e) => e.error);
  expect(at(BROKEN.pointsSum)).toContain('pointsSum');
  expect(at(BROKEN.duplicate)).toEqual(['duplicateCode']);
  expect(at(BROKEN.unknownEvidence)).toContain('unknownEvidence');
  for (const row of BROKEN.cycle) expect(at(row)).toEqual(['cycle']);
  expect(at(BROKEN.unknownParent)).toEqual(['unknownParent']);
  expect(preview.errors.find((e) => e.error === 'pointsSum')!.values).toEqual({ sum: 30, expected: 60 });
  await expect(commitCatalogueImport(world.store, OPERATOR, preview._id)).rejects.toMatchObject({ status: 409 });
  expect([...catalogues().keys()].some((k) => k.startsWith('svc-broken@'))).toBe(false);
});

test('levels that do not add up to 100 are refused as a file error', async () => {
  const rows = validRows().map((r) => (r[0] === 'fix' ? [...r.slice(0, 4), '45', ''] : r));
  rows.push(['fix.extra', 'fix', '额外', 'Extra', '5', 'onsite']);
  const preview = await previewCatalogueImport(world.store, OPERATOR, { code: 'svc-total', name: NAME, file: { buffer: csvOf(rows), filename: 'total.csv' } });
  expect(preview.errors).toEqual([{ row: null, code: '', error: 'totalPoints', values: { sum: 105, expected: 100 } }]);
});

test('a valid XLSX imports as version 1.0.0, then 2.0.0, and a template maps questions to its indicators', async () => {
  const file = { buffer: await xlsxOf(validRows()), filename: 'valid.xlsx' };
  const preview = await previewCatalogueImport(world.store, OPERATOR, { code: 'svc-valid', name: NAME, file });
  expect(preview.errors).toEqual([]);
  expect(preview.version).toBe('1.0.0');
  const imported = await commitCatalogueImport(world.store, OPERATOR, preview._id);
  expect(imported.indicators.map((n) => [n.code, n.maxPoints, n.evidence])).toEqual([
    ['svc.desk.greeting', 30, ['perceived']],
    ['svc.desk.records', 30, ['onsite', 'perceived']],
    ['fix.speed', 25, ['perceived']],
    ['fix.tools', 15, ['onsite']],
  ]);
  expect(getCatalogue('svc-valid', '1.0.0').byCode.get('svc.desk')!.kind).toBe('item');
  await expect(commitCatalogueImport(world.store, OPERATOR, preview._id)).rejects.toMatchObject({ status: 404 });
  const again = await previewCatalogueImport(world.store, OPERATOR, { code: 'svc-valid', name: NAME, file });
  expect(again.version).toBe('2.0.0');

  const content = surveyOnCatalogue('svc-valid', '1.0.0');
  expect(validateTemplate(content).catalogue).toEqual({ code: 'svc-valid', version: '1.0.0' });
  // An indicator evidenced on site only cannot be a question's, on an imported catalogue as on a shipped one.
  expect(() => validateTemplate(surveyOnCatalogue('svc-valid', '1.0.0', 'fix.tools'))).toThrow(/evidenced on site only/);
});

test('a JSON list of rows previews like a spreadsheet; a file of another kind is refused', async () => {
  const rows = validRows().map(([code, parent, zh, en, points, evidence]) => ({
    code,
    parent,
    name: { 'zh-CN': zh, en },
    points: Number(points),
    evidence: evidence ? evidence.split(',') : [],
  }));
  const preview = await previewCatalogueImport(world.store, OPERATOR, {
    code: 'svc-json',
    name: NAME,
    file: { buffer: Buffer.from(JSON.stringify({ rows })), filename: 'rows.json' },
  });
  expect(preview.errors).toEqual([]);
  await expect(
    previewCatalogueImport(world.store, OPERATOR, { code: 'svc-pdf', name: NAME, file: { buffer: Buffer.from('%PDF'), filename: 'x.pdf' } }),
  ).rejects.toMatchObject({ status: 400, code: 'unsupported_file' });
  await expect(
    previewCatalogueImport(world.store, OPERATOR, { code: 'svc-cols', name: NAME, file: { buffer: Buffer.from('code,parent\na,'), filename: 'x.csv' } }),
  ).rejects.toMatchObject({ status: 400, code: 'missing_columns' });
  await expect(
    previewCatalogueImport(
      world.store,
      { ...OPERATOR, role: 'admin', enterpriseId: 'e1' },
      { code: 'svc-admin', name: NAME, file: { buffer: csvOf(validRows()), filename: 'x.csv' } },
    ),
  ).rejects.toMatchObject({ status: 403 });
});
