/** Looking at a built server process from outside: its data directory through a store of our own, and whether it is stopping. */
import { openStore } from '../../server/store';
import type { Store } from '../../server/store/types';

/** Reads a data directory through a store of its own (SQLite's write-ahead log lets a reader in beside a running server). */
export async function onDisk<T>(dataDir: string, read: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ dataDir });
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

/** True once the server no longer takes new connections or says it is stopping. */
export async function draining(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/readyz`, { headers: { connection: 'close' } });
    return ((await res.json()) as { stopping?: boolean }).stopping === true;
  } catch {
    return true;
  }
}
