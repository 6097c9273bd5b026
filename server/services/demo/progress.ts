/** A progress bar and a summary for the demo seed, shared by `npm start` and `npm run seed:demo`. */
import { Presets, SingleBar } from 'cli-progress';
import type { Logger } from 'pino';
import type { Store } from '../../store/types';
import { seedDemo, type DemoEnv } from './index';

export async function seedDemoWithProgress(store: Store, password: string, log: Logger, env: DemoEnv = {}): Promise<{ created: boolean }> {
  const bar = new SingleBar({ format: 'demo data [{bar}] {value}/{total} {step}', hideCursor: true, stream: process.stdout }, Presets.shades_classic);
  let started = false;
  const started_at = Date.now();
  const result = await seedDemo(
    store,
    password,
    log,
    (done, total, step) => {
      if (!started) {
        bar.start(total, 0, { step });
        started = true;
      }
      bar.update(done, { step });
    },
    env,
  );
  if (started) bar.stop();
  if (result.steps) {
    const parts = result.steps.map((s) => `${s.name} ${(s.ms / 1000).toFixed(1)} s`).join(', ');
    console.log(`demo data loaded in ${((Date.now() - started_at) / 1000).toFixed(1)} s (${parts})`);
  }
  return result;
}
