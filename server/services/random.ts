/**
 * mulberry32: a small, well-mixed 32-bit PRNG giving uniform floats in [0, 1),
 * the same sequence for the same seed on any machine. Used wherever a result
 * must be reproducible: call-list draws (an auditor re-runs them), demo data,
 * and the fuzzer's inputs.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
