/**
 * Earlier releases kept the outbox as files in DATA_DIR/outbox (<id>.eml, an
 * <id>.json index entry and <id>.parts). At start-up those messages are moved
 * into the store's outbox once, so none disappears from the outbox page. A
 * damaged file spoils only its own message and never stops start-up: an index
 * entry that still names its enterprise moves in marked unreadable (its
 * enterprise sees it, with the raw source when that is whole); one that names
 * no enterprise, or has no source, is counted and left on disk for a
 * technician. Each damaged file is reported (the app logs it).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Store } from '../store/types';
import { emlKey, OUTBOX } from './outbox';
import type { OutboxEntry } from './transport';

const ID_PATTERN = /^[0-9]{13}-[0-9a-f-]{36}$/;

/** Where a damaged outbox file is reported (the app's logger). */
export type OutboxFaultLog = (fault: { file: string; problem: string }) => void;

export interface FolderOutboxResult {
  /** Messages moved into the store whole. */
  moved: number;
  /** Damaged index entries met on this run: moved in marked unreadable, or left on disk. */
  unreadable: number;
}

type Parsed = { entry: OutboxEntry; problem?: undefined } | { entry: OutboxEntry | null; problem: string };

/** The index entry in `text`, or for a damaged one an entry marked unreadable when its enterprise can still be read from it. */
function parseEntry(id: string, text: string): Parsed {
  try {
    const entry = JSON.parse(text) as OutboxEntry;
    if (entry?.id === id && typeof entry.enterpriseId === 'string' && typeof entry.subject === 'string') return { entry };
    throw new Error('not an outbox index entry');
  } catch (err) {
    const enterpriseId = /"enterpriseId"\s*:\s*"([^"\\]+)"/.exec(text)?.[1];
    const at = new Date(Number(id.slice(0, 13))).toISOString(); // the id starts with the time of sending
    return { entry: enterpriseId ? { id, enterpriseId, to: '', subject: '', at, unreadable: true } : null, problem: (err as Error).message };
  }
}

async function readParts(file: string, report: OutboxFaultLog): Promise<{ from: string; text: string; html?: string } | null> {
  const text = await fs.readFile(file, 'utf8').catch(() => null);
  if (text === null) return null; // stored before parts were kept
  try {
    return JSON.parse(text) as { from: string; text: string; html?: string };
  } catch (err) {
    report({ file, problem: (err as Error).message });
    return null; // the raw message may still be whole
  }
}

export async function moveFolderOutbox(store: Store, dataDir: string, report: OutboxFaultLog = () => undefined): Promise<FolderOutboxResult> {
  const dir = path.join(dataDir, 'outbox');
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const result: FolderOutboxResult = { moved: 0, unreadable: 0 };
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const id = name.slice(0, -5);
    if (!ID_PATTERN.test(id)) continue;
    if (await store.collection(OUTBOX).findOne({ _id: id }, { fields: ['_id'] })) continue;
    const file = path.join(dir, name);
    const text = await fs.readFile(file, 'utf8').catch((err: Error) => {
      report({ file, problem: err.message });
      return null;
    });
    const parsed = text === null ? null : parseEntry(id, text);
    if (parsed?.problem) report({ file, problem: parsed.problem });
    const eml = await fs.readFile(path.join(dir, `${id}.eml`)).catch(() => null);
    if (!parsed?.entry || (!eml && !parsed.entry.unreadable)) {
      if (parsed?.entry) report({ file: path.join(dir, `${id}.eml`), problem: 'the message source is missing' });
      result.unreadable += 1;
      continue;
    }
    const { entry } = parsed;
    // On the embedded store the file store's key is this very file; elsewhere it is copied.
    if (eml && !(await store.files.exists(emlKey(id)))) await store.files.put(emlKey(id), eml, { contentType: 'message/rfc822' });
    if (entry.unreadable) {
      await store.collection(OUTBOX).insertOne({ _id: id, enterpriseId: entry.enterpriseId, to: '', subject: '', at: entry.at, unreadable: true });
      result.unreadable += 1;
      continue;
    }
    const parts = await readParts(path.join(dir, `${id}.parts`), report);
    await store
      .collection(OUTBOX)
      .insertOne({ _id: id, enterpriseId: entry.enterpriseId, to: entry.to, subject: entry.subject, at: entry.at, ...(parts ?? {}) });
    result.moved += 1;
  }
  return result;
}
