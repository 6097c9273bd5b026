/**
 * Indicator catalogues (the standard's tree) as loaded from surveys/standards/.
 * A catalogue is versioned; every stored score records {code, version}.
 */
import type { LocalizedText } from '../templates/types';

export type EvidenceKind = 'onsite' | 'perceived';

/** A node of the tree: a level/group, an item, or a leaf indicator. */
export interface CatalogueNode {
  code: string;
  name: LocalizedText;
  /** 'level' (层次 / first-level group), 'item' (单项), 'indicator' (指标). */
  kind: 'level' | 'item' | 'indicator';
  /** Code of the parent node; absent on top-level nodes. */
  parent?: string;
  /** Maximum points; children's points sum exactly to this. */
  maxPoints: number;
  /**
   * Whether maxPoints is published in a source ('published'), our documented default ('default'),
   * or set by a certification project over the default ('project', see withPointOverrides).
   */
  pointsSource: 'published' | 'default' | 'project';
  /** Indicators only: how they can be evidenced. */
  evidence?: EvidenceKind[];
  /** Perception dimensions (domain.md §2) this indicator is usually asked about, for builders. */
  dimensions?: string[];
}

/** A perception dimension customers are asked about (domain.md §2), referenced by node.dimensions. */
export interface PerceptionDimension {
  code: string;
  name: LocalizedText;
}

export interface Catalogue {
  code: string; // e.g. 'sbt10401-27'
  version: string; // e.g. '2011.1'
  name: LocalizedText;
  description: LocalizedText;
  /** Total points of the tree: 100. */
  totalPoints: number;
  /** What the numbers rest on, shown next to them. */
  sources: string[];
  /** Which numbers are published and which are our defaults, in prose. */
  notes?: string;
  /** Perception dimensions that nodes may reference. */
  dimensions?: PerceptionDimension[];
  nodes: CatalogueNode[];
}

/** The catalogue with lookups built once at load. */
export interface LoadedCatalogue extends Catalogue {
  byCode: Map<string, CatalogueNode>;
  childrenOf: Map<string, CatalogueNode[]>;
  indicators: CatalogueNode[];
  /** Leaf/node points a certification project set over the defaults, as passed to withPointOverrides. */
  pointOverrides?: Record<string, number>;
}
