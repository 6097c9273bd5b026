/**
 * What a start finds and does before serving: the demo enterprise for development,
 * or, on an installation without an operator, the one-time setup URL.
 */
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { SenderDeps } from '../services/campaigns/mailing';
import { shouldSeedDemo, storeState } from '../services/demo/policy';
import { seedDemoWithProgress } from '../services/demo/progress';
import { currentSetupToken } from '../services/setup/token';
import type { Store } from '../store/types';

export interface FirstRun {
  demo: 'seeded' | 'present' | 'absent';
  /** Demo logins are printed and shown on the login page: the demo is there and this is not production. */
  showDemoLogins: boolean;
  /** `/setup/<token>` while no operator exists. */
  setupPath?: string;
}

export async function prepareFirstRun(deps: { store: Store; config: Config; logger: Logger; mail: SenderDeps }): Promise<FirstRun> {
  const { store, config } = deps;
  const state = await storeState(store);
  let demo: FirstRun['demo'] = state.demoPresent ? 'present' : 'absent';
  if (shouldSeedDemo(config.seedDemo, config.production, state)) {
    // The seed sends the demo's current invitations through the app's mailer, so the outbox has them at once.
    const { created } = await seedDemoWithProgress(store, config.demoPassword, deps.logger, { mail: deps.mail });
    demo = created ? 'seeded' : 'present';
  }
  return withSetupPath(store, config, demo);
}

async function withSetupPath(store: Store, config: Config, demo: FirstRun['demo']): Promise<FirstRun> {
  const token = await currentSetupToken(store);
  return { demo, showDemoLogins: demo !== 'absent' && !config.production, ...(token ? { setupPath: `/setup/${token}` } : {}) };
}

/** The first-run facts as a cluster worker finds them once its primary has prepared the store: nothing seeded here. */
export async function firstRunAsFound(store: Store, config: Config): Promise<FirstRun> {
  return withSetupPath(store, config, (await storeState(store)).demoPresent ? 'present' : 'absent');
}
