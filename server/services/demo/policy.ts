/**
 * Whether start-up loads the demo enterprise: its seven logins share one known
 * password, so it never lands in production or beside an enterprise's real data
 * unless someone asked for it by name (SEED_DEMO=always, refused in production).
 */
import type { DemoSeeding } from '../../config';
import type { Store } from '../../store/types';
import { DEMO_ENTERPRISE_CODE } from './seed';

export interface StoreState {
  /** No enterprise and no user: a fresh installation. */
  empty: boolean;
  demoPresent: boolean;
}

export function shouldSeedDemo(mode: DemoSeeding, production: boolean, store: StoreState): boolean {
  if (production || store.demoPresent || mode === 'never') return false;
  return mode === 'always' || store.empty;
}

export async function storeState(store: Store): Promise<StoreState> {
  const [enterprises, users, demo] = await Promise.all([
    store.collection('enterprises').count({}),
    store.collection('users').count({}),
    store.collection('enterprises').count({ code: DEMO_ENTERPRISE_CODE }),
  ]);
  return { empty: enterprises === 0 && users === 0, demoPresent: demo > 0 };
}
