/**
 * express-session's store on our storage boundary, so sessions live in the same
 * store as everything else (embedded or MongoDB) and survive restarts.
 */
import session from 'express-session';
import type { Doc, Store } from '../../store/types';

interface SessionDoc extends Doc {
  data: string;
  expiresAt: string;
}

const DEFAULT_TTL_MS = 12 * 60 * 60 * 1000;
/**
 * A rolling session's expiry is pushed back at most once a minute (connect-mongo's
 * "touchAfter"): otherwise every request of a signed-in person costs a write.
 */
const TOUCH_AFTER_MS = 60_000;
const TOUCHES_REMEMBERED = 50_000;

export class StoreSessionStore extends session.Store {
  /** When each session's expiry was last written by this process. */
  private readonly written = new Map<string, number>();

  constructor(private readonly store: Store) {
    super();
  }

  private noteWritten(sid: string): void {
    if (this.written.size >= TOUCHES_REMEMBERED) this.written.clear();
    this.written.set(sid, Date.now());
  }

  private get sessions() {
    return this.store.collection<SessionDoc>('sessions');
  }

  private expiry(sess: session.SessionData): string {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : Date.now() + DEFAULT_TTL_MS;
    return new Date(expires).toISOString();
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    this.sessions
      .findOne({ _id: sid })
      .then((doc) => {
        if (!doc || doc.expiresAt <= new Date().toISOString()) return cb(null, null);
        cb(null, JSON.parse(doc.data) as session.SessionData);
      })
      .catch(cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    this.sessions
      .updateOne({ _id: sid }, { $set: { data: JSON.stringify(sess), expiresAt: this.expiry(sess) } }, { upsert: true })
      .then(() => {
        this.noteWritten(sid);
        cb?.();
      })
      .catch((err) => cb?.(err));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.written.delete(sid);
    this.sessions
      .deleteOne({ _id: sid })
      .then(() => cb?.())
      .catch((err) => cb?.(err));
  }

  override touch(sid: string, sess: session.SessionData, cb?: () => void): void {
    const last = this.written.get(sid);
    if (last !== undefined && Date.now() - last < TOUCH_AFTER_MS) return void cb?.();
    this.sessions
      .updateOne({ _id: sid }, { $set: { expiresAt: this.expiry(sess) } })
      .then(() => {
        this.noteWritten(sid);
        cb?.();
      })
      .catch(() => cb?.());
  }

  /** Removes expired sessions; called on a timer by the app. */
  async prune(): Promise<number> {
    return this.sessions.deleteMany({ expiresAt: { $lte: new Date().toISOString() } });
  }
}
