/**
 * A 0–100 axis fitted to what a chart draws (scores, their intervals, the
 * target): scores live between 65 and 85, and an axis fixed at 0–100 flattens
 * every change. The range is padded, rounded outward to a step of 5 (10 for a
 * wide span), never narrower than 10 points, and kept within 0–100.
 */
export interface Axis {
  min: number;
  max: number;
  step: number;
}

const FULL: Axis = { min: 0, max: 100, step: 10 };

export function fitAxis(values: ReadonlyArray<number | null | undefined>, minSpan = 10): Axis {
  const drawn = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (!drawn.length) return FULL;
  let lo = Math.min(...drawn);
  let hi = Math.max(...drawn);
  const pad = Math.max(1, (hi - lo) * 0.05);
  lo -= pad;
  hi += pad;
  if (hi - lo < minSpan) {
    const mid = (lo + hi) / 2;
    lo = mid - minSpan / 2;
    hi = mid + minSpan / 2;
  }
  const step = hi - lo > 40 ? 10 : 5;
  let min = Math.max(0, Math.floor(lo / step) * step);
  let max = Math.min(100, Math.ceil(hi / step) * step);
  // Pushed against an end of the scale: keep the span on the other side.
  if (max - min < minSpan) {
    if (min === 0) max = Math.min(100, min + minSpan);
    else min = Math.max(0, max - minSpan);
  }
  return { min, max, step };
}

/** Where a value sits on an axis drawn `width` wide (clamped to the axis). */
export function axisX(value: number, axis: Axis, width: number): number {
  const v = Math.max(axis.min, Math.min(axis.max, value));
  return ((v - axis.min) / (axis.max - axis.min)) * width;
}

/** The tick values of an axis, both ends included. */
export function axisTicks(axis: Axis): number[] {
  const ticks: number[] = [];
  for (let v = axis.min; v <= axis.max + 1e-9; v += axis.step) ticks.push(v);
  return ticks;
}
