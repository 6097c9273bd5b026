/**
 * Scoring fixtures: hand-made catalogue trees small enough to work the CPSQ and
 * the audit score out on paper (docs/scoring.md), shared by the scoring tests.
 */
import type { CatalogueNode } from '../../server/services/catalogues/types';
import type { CatalogueLike } from '../../server/services/scoring';

const nodeName = { 'zh-CN': '名', en: 'name' };

/** One catalogue node; the tests care about its place in the tree, its points and its evidence, not its name. */
export function catalogueNode(
  code: string,
  kind: CatalogueNode['kind'],
  maxPoints: number,
  parent?: string,
  evidence?: CatalogueNode['evidence'],
): CatalogueNode {
  return {
    code,
    name: nodeName,
    kind,
    maxPoints,
    pointsSource: 'default',
    ...(parent ? { parent } : {}),
    ...(evidence ? { evidence } : {}),
  };
}

/**
 * The CPSQ worked example's tree, `cat@1`: L1 (10) → IT1 (10) → I1 (6, perceived),
 * I2 (4, onsite + perceived); L2 (5) → I3 (5, onsite) directly (level → indicator).
 */
export const cpsqCatalogue: CatalogueLike = {
  code: 'cat',
  version: '1',
  nodes: [
    catalogueNode('L1', 'level', 10),
    catalogueNode('IT1', 'item', 10, 'L1'),
    catalogueNode('I1', 'indicator', 6, 'IT1', ['perceived']),
    catalogueNode('I2', 'indicator', 4, 'IT1', ['onsite', 'perceived']),
    catalogueNode('L2', 'level', 5),
    catalogueNode('I3', 'indicator', 5, 'L2', ['onsite']),
  ],
};
