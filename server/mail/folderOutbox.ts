/**
 * Earlier releases kept the outbox as files in DATA_DIR/outbox (<id>.eml, an
 * <id>.json index entry and <id>.parts). At start-up those messages are moved
 * into the store's outbox once, so none disappears from the outbox page. An
 * index entry that cannot be read names no enterprise: it is counted and left
 * on disk for a technician.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Store } from '../store/types';
import { emlKey, OUTBOX } from './outbox';
import type { OutboxEntry } from './transport';

const ID_PATTERN = /^[0-9]{13}-[0-9a-f-]{36}$/;

export async function moveFolderOutbox(store: Store, dataDir: string): Promise<{ moved: number; unreadable: number }> {
  const dir = path.join(dataDir, 'outbox');
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const result = { moved: 0, unreadable: 0 };
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const id = name.slice(0, -5);
    if (!ID_PATTERN.test(id)) continue;
    if (await store.collection(OUTBOX).findOne({ _id: id }, { fields: ['_id'] })) continue;
    const entry = await fs
      .readFile(path.join(dir, name), 'utf8')
      .then((text) => JSON.parse(text) as OutboxEntry)
      .catch(() => null);
    const eml = await fs.readFile(path.join(dir, `${id}.eml`)).catch(() => null);
    if (!entry || typeof entry.enterpriseId !== 'string' || !eml) {
      result.unreadable += 1;
      continue;
    }
    const parts = await fs
      .readFile(path.join(dir, `${id}.parts`), 'utf8')
      .then((text) => JSON.parse(text) as { from: string; text: string; html?: string })
      .catch(() => null);
    // On the embedded store the file store's key is this very file; elsewhere it is copied.
    if (!(await store.files.exists(emlKey(id)))) await store.files.put(emlKey(id), eml, { contentType: 'message/rfc822' });
    await store.collection(OUTBOX).insertOne({ _id: id, enterpriseId: entry.enterpriseId, to: entry.to, subject: entry.subject, at: entry.at, ...(parts ?? {}) });
    result.moved += 1;
  }
  return result;
}
