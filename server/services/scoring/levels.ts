/**
 * Star levels from an audit score rounded to two decimals (domain.md §1, §4.4): thresholds inclusive,
 * ≥95 five stars, ≥90 four, ≥80 three, ≥70 compliant (达标级), else not certified.
 */
import { ValidationError } from '../../errors';

export type StarLevel = 'none' | 'compliant' | 'three' | 'four' | 'five';
/** Lowest to highest. */
export const LEVEL_ORDER: readonly StarLevel[] = ['none', 'compliant', 'three', 'four', 'five'];

export type LevelThresholds = Record<Exclude<StarLevel, 'none'>, number>;
export const DEFAULT_THRESHOLDS: Readonly<LevelThresholds> = { compliant: 70, three: 80, four: 90, five: 95 };

export function validateThresholds(t: LevelThresholds): LevelThresholds {
  const values = LEVEL_ORDER.slice(1).map((l) => t[l as Exclude<StarLevel, 'none'>]);
  const ok = values.every((v, i) => Number.isFinite(v) && v >= 0 && v <= 100 && (i === 0 || v > values[i - 1]));
  if (!ok) throw new ValidationError('level thresholds must rise from compliant to five, within 0–100', 'thresholds');
  return t;
}

/**
 * The score a level is read from: rounded to two decimals, half up (domain.md
 * §4.4), as the report prints it, so 89.995 reads 90.00 and is four stars while
 * 89.994 reads 89.99. The 1e-6 step first absorbs floating noise (89.995 × 100
 * is 8999.499999999999 in binary).
 */
export function levelScore(score: number): number {
  return Math.round(roundScore(score * 100)) / 100;
}

/** The level a score reaches; a threshold is reached when the score rounded to two decimals is ≥ the threshold. */
export function starLevel(score: number, thresholds: LevelThresholds = DEFAULT_THRESHOLDS): StarLevel {
  if (!Number.isFinite(score)) throw new ValidationError('score must be a finite number', 'score');
  const rounded = levelScore(score);
  for (let i = LEVEL_ORDER.length - 1; i > 0; i--) {
    const level = LEVEL_ORDER[i] as Exclude<StarLevel, 'none'>;
    if (rounded >= thresholds[level]) return level;
  }
  return 'none';
}

/** The next level up, or null at five stars. */
export function nextLevel(level: StarLevel): Exclude<StarLevel, 'none'> | null {
  const i = LEVEL_ORDER.indexOf(level);
  return i < LEVEL_ORDER.length - 1 ? (LEVEL_ORDER[i + 1] as Exclude<StarLevel, 'none'>) : null;
}

/**
 * Scores are rounded to 1e-6 before they meet a threshold, so that floating
 * noise (89.99999999999999 for a true 90) never costs a level.
 */
export function roundScore(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
