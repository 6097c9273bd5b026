/** Timing helpers: run a query many times and report percentiles. */

export interface Latency {
  runs: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  /** The process's CPU time per run (ms), p50 and p95: what a run costs, without the waits for a core that a shared machine adds to the wall time. */
  cpuP50: number;
  cpuP95: number;
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarise(samples: readonly number[], cpuSamples: readonly number[] = []): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const cpu = [...cpuSamples].sort((a, b) => a - b);
  return {
    cpuP50: cpu.length ? percentile(cpu, 50) : Number.NaN,
    cpuP95: cpu.length ? percentile(cpu, 95) : Number.NaN,
    runs: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((s, x) => s + x, 0) / sorted.length,
    max: sorted[sorted.length - 1]!,
  };
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed (ms); returns the last result and the latencies. */
export async function timed<R>(fn: () => Promise<R>, runs: number, warmup = 0): Promise<{ last: R; latency: Latency }> {
  let last: R | undefined;
  for (let i = 0; i < warmup; i++) last = await fn();
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    last = await fn();
    samples.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    cpuSamples.push((used.user + used.system) / 1000);
  }
  return { last: last as R, latency: summarise(samples, cpuSamples) };
}
