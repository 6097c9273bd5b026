/**
 * Several app processes share socket.io events through MongoDB: an event
 * emitted by the process that stored a response reaches dashboards connected
 * to any other process. The embedded store is one machine, one process, so it
 * needs no adapter.
 */
import { createAdapter } from '@socket.io/mongo-adapter';
import { MongoClient } from 'mongodb';
import type { Server } from 'socket.io';

const COLLECTION = 'socketio_events';

export async function useMongoAdapter(io: Server, uri: string): Promise<() => Promise<void>> {
  const client = new MongoClient(uri);
  await client.connect();
  const db = client.db();
  // A capped collection keeps the event stream bounded without a cleanup job.
  const exists = await db.listCollections({ name: COLLECTION }).hasNext();
  if (!exists) await db.createCollection(COLLECTION, { capped: true, size: 16 * 1024 * 1024 });
  io.adapter(createAdapter(db.collection(COLLECTION), { addCreatedAtField: true }));
  return () => client.close();
}
