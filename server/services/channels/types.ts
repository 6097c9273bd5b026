/**
 * What one evidence channel (a way customer-perceived data reaches the scores) declares.
 * Everything that used to be restated per channel across the code is a field here;
 * registry.ts derives the lists, schemas and defaults from the modules.
 */
import type { CatalogueNode, EvidenceKind } from '../catalogues/types';
import type { Resource } from '../policy';

/** When the dashboard calls a channel's sample thin: below a number of responses, or behind its visit plan. */
export type LowSampleRule = { kind: 'minResponses'; n: number } | { kind: 'visitPlan' };

export interface ChannelModule<C extends string = string> {
  code: C;
  /** Phrase keys (server/i18n/<locale>/channels.json): full name, short name, a new blank template's name. */
  label: { name: string; short: string; blankTemplate: string };
  /** Chart colour (dashboard series, channel mix). */
  colour: string;
  /** W_c of the default CPSQ model (domain.md §3.5); the defaults of all channels sum to 1. */
  defaultWeight: number;
  lowSample: LowSampleRule;
  /**
   * The page where responses of this channel are captured, who may open it, and its menu entry
   * (phrase key, and the menu group it belongs in: collecting, or following up).
   */
  capture: { path: string; resource: Resource; verb: string; menu: { label: string; group: 'collect' | 'followUp' } };
  /** Whose words its free-text answers are: customers' or trained shoppers'. */
  voice: 'customer' | 'shopper';
  /** Which evidence kinds of the catalogue (domain.md §2) its responses can supply. */
  evidence: readonly EvidenceKind[];
  /** What its templates may hold beyond what every template has; none of it when absent. */
  templates?: TemplateCapabilities;
}

/** Template rules that differ by channel, declared by the channel so the rule sites never name one. */
export interface TemplateCapabilities {
  /** Scored questions must be of these types (a visit scores checklist items only); any scored type when absent. */
  scoredTypes?: readonly string[];
  /** Photo questions (evidence taken on site). */
  photos?: boolean;
  /** A critical-failure rule: a failed critical item caps or zeroes the response's score. */
  criticalFailure?: boolean;
  /** Weights per section (the parts of a visit). */
  sectionWeights?: boolean;
}

/** Keeps the code's literal type, so the Channel union follows from the modules. */
export function defineChannel<const C extends string>(module: ChannelModule<C>): ChannelModule<C> {
  return module;
}

/** Whether a channel's responses can evidence a catalogue node: only indicators, and only by a kind both share. */
export function evidences(module: Pick<ChannelModule, 'evidence'>, node: Pick<CatalogueNode, 'kind' | 'evidence'>): boolean {
  return node.kind === 'indicator' && (node.evidence ?? []).some((kind) => module.evidence.includes(kind));
}
