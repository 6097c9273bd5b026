/**
 * The indicator catalogues, read-only: a list, and one catalogue as a nested tree
 * with points, where each number comes from (published / default / project) and
 * how each indicator can be evidenced. Builders and dashboards read these.
 */
import { Router } from 'express';
import { z } from 'zod';
import { catalogues, getCatalogue, type CatalogueNode, type LoadedCatalogue } from '../../services/catalogues';
import { allow } from '../middleware/auth';
import { param, parse } from '../validate';

export interface StandardNode {
  code: string;
  kind: CatalogueNode['kind'];
  name: CatalogueNode['name'];
  points: number;
  pointsSource: CatalogueNode['pointsSource'];
  evidence?: CatalogueNode['evidence'];
  dimensions?: string[];
  children: StandardNode[];
}

/** Other query parameters (lang) pass through; only version is read. */
const treeQuery = z.object({
  version: z
    .string()
    .regex(/^\d+(\.\d+)*$/, 'must look like 1.0.0')
    .optional(),
});

export function standardSummary(c: LoadedCatalogue) {
  const count = (kind: CatalogueNode['kind']) => c.nodes.filter((n) => n.kind === kind).length;
  return {
    code: c.code,
    version: c.version,
    name: c.name,
    description: c.description,
    totalPoints: c.totalPoints,
    counts: { levels: count('level'), items: count('item'), indicators: count('indicator') },
    sources: c.sources,
    notes: c.notes,
  };
}

/** The catalogue's nodes nested under their parents, in file order. */
export function standardTree(c: LoadedCatalogue): StandardNode[] {
  const build = (node: CatalogueNode): StandardNode => ({
    code: node.code,
    kind: node.kind,
    name: node.name,
    points: node.maxPoints,
    pointsSource: node.pointsSource,
    ...(node.evidence ? { evidence: node.evidence } : {}),
    ...(node.dimensions ? { dimensions: node.dimensions } : {}),
    children: (c.childrenOf.get(node.code) ?? []).map(build),
  });
  return c.nodes.filter((n) => n.parent === undefined).map(build);
}

export function standardRoutes() {
  const api = Router();
  const read = allow('standards', 'read');

  api.get('/standards', read, (_req, res) => {
    res.json({ standards: [...catalogues().values()].map(standardSummary) });
  });
  api.get('/standards/:code', read, (req, res) => {
    const { version } = parse(treeQuery, req.query);
    const catalogue = getCatalogue(param(req.params.code, 'code'), version);
    res.json({ standard: { ...standardSummary(catalogue), dimensions: catalogue.dimensions ?? [], tree: standardTree(catalogue) } });
  });

  return { api };
}
