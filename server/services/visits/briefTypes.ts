/** The shape of a visit plan's brief (services/visits/brief.ts keeps it). */

/** The kinds of visit a mystery shopper makes to an after-sales service point. */
export const VISIT_TYPES = ['enquiry', 'purchase', 'repair', 'return', 'complaint'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];
export const SCENARIO_PARTS = ['ask', 'buy', 'observe'] as const;
export type ScenarioPart = (typeof SCENARIO_PARTS)[number];

/** Chinese first; English optional (an English-reading shopper falls back to the Chinese). */
export interface BriefText {
  'zh-CN': string;
  en?: string;
}

export type Scenario = { type: VisitType } & Partial<Record<ScenarioPart, BriefText>>;

export interface VisitBrief {
  scenarios: Scenario[];
  /** Paid per visit, in fen (1/100 yuan): whole numbers, so sums never drift. */
  feeFen?: number;
  updatedAt: string;
  updatedBy: string;
}

export interface BriefInput {
  scenarios: Scenario[];
  feeFen?: number;
}
