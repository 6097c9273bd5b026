import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CatalogueError,
  catalogues,
  compareVersions,
  findCatalogue,
  findSurveysDir,
  getCatalogue,
  loadCatalogues,
  withPointOverrides,
} from '../../server/services/catalogues';
import type { CatalogueNode, LoadedCatalogue } from '../../server/services/catalogues';
import { NotFoundError } from '../../server/errors';

const standards = join(findSurveysDir(), 'standards');
const hundredths = (n: number) => Math.round(n * 100);

function expectExactSums(c: LoadedCatalogue): void {
  for (const [parent, children] of c.childrenOf) {
    const sum = children.reduce((s, n) => s + hundredths(n.maxPoints), 0);
    expect([parent, sum]).toEqual([parent, hundredths(c.byCode.get(parent)!.maxPoints)]);
  }
  const top = c.nodes.filter((n) => !n.parent).reduce((s, n) => s + hundredths(n.maxPoints), 0);
  expect(top).toBe(hundredths(c.totalPoints));
}

describe('shipped catalogues', () => {
  it('loads both catalogues keyed code@version', () => {
    expect([...catalogues().keys()].sort()).toEqual(['gbt27922-2011@1.0.0', 'sbt10401-27@1.0.0']);
  });

  it('holds 4 levels, 8 items and 27 indicators in sbt10401-27, summing exactly to 100', () => {
    const c = getCatalogue('sbt10401-27');
    const count = (kind: CatalogueNode['kind']) => c.nodes.filter((n) => n.kind === kind).length;
    expect([count('level'), count('item'), count('indicator')]).toEqual([4, 8, 27]);
    expect(c.indicators).toHaveLength(27);
    expect(c.totalPoints).toBe(100);
    expect(c.nodes.filter((n) => !n.parent).map((n) => [n.code, n.maxPoints])).toEqual([
      ['internal', 40],
      ['execution', 35],
      ['followup', 15],
      ['improvement', 10],
    ]);
    expect(c.nodes.every((n) => n.pointsSource === 'default')).toBe(true);
    expectExactSums(c);
    expect(c.notes).toMatch(/Published/);
  });

  it('splits points evenly with the remainder on the first child', () => {
    const c = getCatalogue('sbt10401-27');
    expect(c.childrenOf.get('internal.culture')!.map((n) => n.maxPoints)).toEqual([3.35, 3.33, 3.33, 3.33]);
    expect(c.byCode.get('internal.culture')!.maxPoints).toBe(13.34);
  });

  it('keeps GB/T group budgets 40/35/25 as published and indicators as defaults', () => {
    const c = getCatalogue('gbt27922-2011', '1.0.0');
    const groups = c.nodes.filter((n) => n.kind === 'level');
    expect(groups.map((n) => [n.code, n.maxPoints, n.pointsSource])).toEqual([
      ['system', 40, 'published'],
      ['goods', 35, 'published'],
      ['customer', 25, 'published'],
    ]);
    expect(c.childrenOf.get('system')).toHaveLength(7);
    expect(c.childrenOf.get('goods')).toHaveLength(7);
    expect(c.childrenOf.get('customer')!.map((n) => n.code)).toEqual(['customer.relationship', 'customer.complaints']);
    expect(c.indicators.every((n) => n.pointsSource === 'default' && n.evidence!.length > 0)).toBe(true);
    expectExactSums(c);
  });

  it('gives every indicator names in both languages, evidence kinds and a path code', () => {
    for (const c of catalogues().values()) {
      for (const n of c.indicators) {
        expect(n.name['zh-CN'] && n.name.en).toBeTruthy();
        expect(n.code.startsWith(`${n.parent}.`)).toBe(true);
        for (const d of n.dimensions ?? []) expect(c.dimensions!.map((x) => x.code)).toContain(d);
      }
    }
    const sbt = getCatalogue('sbt10401-27');
    expect(sbt.byCode.get('internal.culture.philosophy')!.evidence).toEqual(['onsite']);
    expect(sbt.byCode.get('execution.repair.repair')!.evidence).toEqual(['onsite', 'perceived']);
  });

  it('throws NotFoundError for an unknown catalogue or version', () => {
    expect(() => getCatalogue('nope')).toThrow(NotFoundError);
    expect(() => getCatalogue('sbt10401-27', '9.9.9')).toThrow(NotFoundError);
  });
});

describe('findSurveysDir', () => {
  it('finds surveys/ from the compiled location as well as from the sources', () => {
    const root = join(findSurveysDir(), '..');
    expect(findSurveysDir(join(root, 'dist', 'server', 'services', 'catalogues'))).toBe(join(root, 'surveys'));
    expect(findSurveysDir(join(root, 'server', 'services', 'catalogues'))).toBe(join(root, 'surveys'));
  });
});

describe('compareVersions', () => {
  it('orders numerically part by part', () => {
    expect(compareVersions('1.10.0', '1.9.2')).toBe(1);
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
    expect(compareVersions('2011.1', '2011.2')).toBe(-1);
  });
});

describe('broken catalogue files', () => {
  let dir: string;
  const gbt = () => JSON.parse(readFileSync(join(standards, 'gbt27922-2011.json'), 'utf8'));
  const node = (c: { nodes: CatalogueNode[] }, code: string) => c.nodes.find((n) => n.code === code)!;
  const loadWith = (edit: (c: ReturnType<typeof gbt>) => void) => {
    const c = gbt();
    edit(c);
    writeFileSync(join(dir, 'gbt27922-2011.json'), JSON.stringify(c));
    return () => loadCatalogues(dir);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalogues-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects a node whose parent does not exist', () => {
    const load = loadWith((c) => (node(c, 'goods.repair').parent = 'goodz'));
    expect(load).toThrow(CatalogueError);
    expect(load).toThrow('gbt27922-2011.json: indicator "goods.repair": parent "goodz" does not exist');
  });

  it('rejects a duplicate code', () => {
    const load = loadWith((c) => (node(c, 'goods.delivery').code = 'goods.repair'));
    expect(load).toThrow('gbt27922-2011.json: indicator "goods.repair": duplicate code');
  });

  it('rejects children whose points do not sum to their parent, naming parent and children', () => {
    const load = loadWith((c) => (node(c, 'goods.repair').maxPoints = 4.99));
    expect(load).toThrow(/^gbt27922-2011\.json: level "goods": points of children of "goods" sum to 34\.99, expected 35 \(.*goods\.repair 4\.99/);
  });

  it('rejects a name without English', () => {
    const load = loadWith((c) => (node(c, 'goods.repair').name.en = ' '));
    expect(load).toThrow('gbt27922-2011.json: indicator "goods.repair": name lacks an English text');
  });

  it('rejects an indicator without evidence kinds', () => {
    const load = loadWith((c) => (node(c, 'goods.repair').evidence = []));
    expect(load).toThrow('indicator "goods.repair": an indicator needs at least one evidence kind');
  });

  it('rejects levels that do not sum to totalPoints', () => {
    const load = loadWith((c) => (c.totalPoints = 99));
    expect(load).toThrow('gbt27922-2011.json: points of the levels sum to 100, expected totalPoints 99');
  });

  it('rejects an item under an item and an unknown field, naming the node', () => {
    expect(loadWith((c) => (node(c, 'goods').kind = 'item'))).toThrow('item "goods": an item needs a parent');
    expect(loadWith((c) => ((node(c, 'goods.repair') as unknown as Record<string, unknown>).colour = 'red'))).toThrow(
      'gbt27922-2011.json: node "goods.repair": unknown field "colour"',
    );
  });

  it('rejects a file that is not JSON', () => {
    writeFileSync(join(dir, 'broken.json'), '{ nope');
    expect(() => loadCatalogues(dir)).toThrow(/^broken\.json: not valid JSON/);
  });

  it('finds the latest of several versions', () => {
    const v1 = gbt();
    const v2 = { ...gbt(), version: '1.10.0' };
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ ...v1, version: '1.9.0' }));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(v2));
    const loaded = loadCatalogues(dir);
    expect(findCatalogue(loaded, 'gbt27922-2011')!.version).toBe('1.10.0');
    expect(findCatalogue(loaded, 'gbt27922-2011', '1.9.0')!.version).toBe('1.9.0');
  });
});

describe('withPointOverrides', () => {
  const sbt = () => getCatalogue('sbt10401-27');

  it('sets several leaves of a parent when they still sum to it, leaving the original untouched', () => {
    const c = withPointOverrides(sbt(), {
      'execution.repair.repair': 7.5,
      'execution.repair.facilities': 5,
      'execution.repair.support': 5,
    });
    expect(c.byCode.get('execution.repair.repair')).toMatchObject({ maxPoints: 7.5, pointsSource: 'project' });
    expect(c.pointOverrides).toEqual({ 'execution.repair.repair': 7.5, 'execution.repair.facilities': 5, 'execution.repair.support': 5 });
    expect(sbt().byCode.get('execution.repair.repair')!.maxPoints).toBe(5.84);
    expect(c.indicators).toHaveLength(27);
  });

  it('moves points between items when items and leaves are overridden together', () => {
    const c = withPointOverrides(sbt(), {
      'internal.culture': 14.34,
      'internal.culture.philosophy': 4.35,
      'internal.rules': 12.33,
      'internal.rules.norms': 2.34,
    });
    expect(c.byCode.get('internal')!.maxPoints).toBe(40);
    expect(c.byCode.get('internal.culture')!.maxPoints).toBe(14.34);
  });

  it('rejects an override that breaks its parent total', () => {
    expect(() => withPointOverrides(sbt(), { 'execution.repair.repair': 7 })).toThrow(
      /^sbt10401-27@1\.0\.0 with project overrides: item "execution\.repair": points of children of "execution\.repair" sum to 18\.66, expected 17\.5/,
    );
  });

  it('rejects negatives, unknown codes and published budgets', () => {
    expect(() => withPointOverrides(sbt(), { 'execution.repair.repair': -1 })).toThrow('points must be a number ≥ 0, got -1');
    expect(() => withPointOverrides(sbt(), { 'execution.nope': 1 })).toThrow('unknown code "execution.nope"');
    expect(() => withPointOverrides(getCatalogue('gbt27922-2011'), { goods: 30 })).toThrow(
      'level "goods": its points are published in the standard and cannot be overridden',
    );
  });
});
