/**
 * The random draw of a call list, reproducible: the eligible case ids sorted,
 * a recorded 32-bit seed, mulberry32 as the generator and a partial
 * Fisher–Yates shuffle. The same population and seed give the same sample on
 * any machine, so an auditor can re-run a draw.
 */
import crypto from 'node:crypto';

import { mulberry32 } from '../random';

export function newSeed(): number {
  return crypto.randomBytes(4).readUInt32BE(0);
}

/** Code-point order, the same in every locale and store. */
export function sortIds(ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** n ids drawn without replacement from `population` (sorted first), in draw order. */
export function drawSample(population: readonly string[], n: number, seed: number): string[] {
  const pool = sortIds(population);
  const random = mulberry32(seed);
  const take = Math.min(n, pool.length);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, take);
}

/** Fingerprint of a population, so a re-run can show it drew from the same cases. */
export function populationHash(population: readonly string[]): string {
  return crypto.createHash('sha256').update(sortIds(population).join('\n')).digest('hex');
}
