/**
 * The scoring engine: pure functions, no storage, no HTTP. See docs/scoring.md.
 * response → contributionOf → rollupIncrements → (store $inc) → computeCpsq → auditSite.
 */
export { itemScore, isScoredType } from './normalise';
export { contributionOf, npsClass, type NpsClass, type ResponseContribution, type ScoringResponse } from './contributions';
export { visitScore, type VisitScore } from './visit';
export {
  addValue,
  clipInterval,
  emptyMoments,
  LOW_SAMPLE_N,
  meanOf,
  mergeMoments,
  MOMENT_SCALE,
  momentsOf,
  type Moments,
  sampleSd,
  sampleVariance,
  scoreFromMoments,
  type ScoreSummary,
  summaryFromVariance,
  toFixedPoint,
  varianceOfMean,
  Z95,
} from './stats';
export { incompleteBeta, lnGamma, studentTCdf, tQuantile } from './studentT';
export {
  applyIncrements,
  catalogueKey,
  emptyRollup,
  INDICATOR_COUNTERS,
  type IndicatorRollup,
  type IndicatorRollupFields,
  indicatorRollupKey,
  MEASURE_COUNTERS,
  type MeasureRollup,
  type MeasureRollupFields,
  measureRollupKey,
  mergeRollups,
  negateIncrements,
  type Rollup,
  type RollupDoc,
  type RollupIncrement,
  rollupIncrements,
} from './rollup';
export { combine, compositeScore, CORRELATION_NOTE, type CompositeScore, type Estimate } from './composite';
export { measuresFrom, npsPoint, type Measures, type NpsMeasure, type ProportionMeasure, type SiteWeighting } from './measures';
export { type CatalogueLike, type NodeScore, rollUpTree } from './tree';
export {
  type ChannelResult,
  computeCpsq,
  computeCpsqSummary,
  type CpsqOptions,
  type CpsqResult,
  DEFAULT_CHANNEL_WEIGHTS,
  DEFAULT_TARGET,
  type Gate,
  perceivedScores,
  validateChannelWeights,
} from './cpsq';
export { DEFAULT_THRESHOLDS, LEVEL_ORDER, type LevelThresholds, nextLevel, type StarLevel, starLevel } from './levels';
export {
  type AuditFlag,
  type AuditSettings,
  auditSite,
  DEFAULT_AUDIT_SETTINGS,
  type IndicatorAudit,
  type OnsiteEntry,
  type SiteAudit,
  type SiteAuditInput,
} from './audit';
export {
  enterpriseAudit,
  type EnterpriseAudit,
  type EnterpriseSiteInput,
  type EnterpriseWeighting,
  type LevelLift,
  type LiftIndicator,
  nextLevelLift,
} from './projection';
export { sampleSize, type SampleSize, type SampleSizeInput } from './sampleSize';
