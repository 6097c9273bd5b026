/** The progress bar and the one-line failure shared by npm run backup and npm run restore. */
import { Presets, SingleBar } from 'cli-progress';
import { formatBytes } from './files';
import type { Progress } from './backup';

export function progressBar(label: string): { progress: Progress; stop(): void } {
  const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {done} of {size} | {step}`, hideCursor: true }, Presets.shades_classic);
  let started = false;
  return {
    progress(done, total, step) {
      const values = { done: formatBytes(done), size: formatBytes(total), step };
      if (!started) bar.start(total, done, values);
      started = true;
      bar.setTotal(total);
      bar.update(done, values);
    },
    stop: () => started && bar.stop(),
  };
}

/** Prints what went wrong in one line (refusals are expected outcomes, not crashes) and exits non-zero. */
export function failWith(err: unknown, expected: (err: unknown) => boolean): never {
  console.error(expected(err) ? (err as Error).message : `failed: ${(err as Error).message ?? String(err)}`);
  process.exit(1);
}
