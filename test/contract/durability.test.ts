/**
 * A write acknowledged by the embedded store survives kill -9 of its process.
 * (This proves crash safety of the process; synchronous=FULL additionally
 * fsyncs each commit against power loss, which a test here cannot simulate.)
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DB_FILE, openEmbeddedStore } from '../../server/store/embedded';

const root = path.join(__dirname, '../..');
const writer = path.join(root, 'test/helpers/durability-writer.js');
const compiled = path.join(root, 'dist/server/store/embedded.js');

/**
 * Runs the writer, SIGKILLs it once it has acknowledged `killAfterAcks` writes
 * (it keeps writing meanwhile, so the kill lands mid-write), and returns the ids
 * it acknowledged. Counting acknowledgements, not milliseconds, keeps the test
 * the same on a busy machine.
 */
function runAndKill(dir: string, killAfterAcks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let lines = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      for (const c of chunk) if (c === '\n') lines++;
      // The first line is "ready".
      if (lines > killAfterAcks && child.signalCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer ended without being killed: ${err}`));
      // Only complete lines count: a cut-off last line was never fully acknowledged.
      const lines = out.split('\n').slice(0, -1);
      resolve(lines.filter((l) => l !== 'ready'));
    });
  });
}

describe('embedded store durability', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run \`npx tsc -p tsconfig.json\` (npm test builds first)`);
    const source = path.join(root, 'server/store/embedded.ts');
    if (statSync(source).mtimeMs > statSync(compiled).mtimeMs) console.warn('dist/ is older than server/store: the child runs the last build');
    dir = mkdtempSync(path.join(tmpdir(), 'servicestar-durability-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('every acknowledged write is present exactly once after SIGKILL, three times over', async () => {
    const acknowledged: string[] = [];
    for (let round = 0; round < 3; round++) {
      // A different point in the writer's mix of single, batch and transaction writes each round.
      const killAfterAcks = 300 + round * 137;
      const ids = await runAndKill(dir, killAfterAcks);
      expect(ids.length).toBeGreaterThanOrEqual(killAfterAcks);
      acknowledged.push(...ids);

      const db = new Database(path.join(dir, DB_FILE));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();

      const store = await openEmbeddedStore(dir);
      const counts = new Map<string, number>();
      for await (const doc of store.collection('acks').iterate({}, { batchSize: 5000 })) counts.set(doc._id, (counts.get(doc._id) ?? 0) + 1);
      await store.close();
      const missing = acknowledged.filter((id) => counts.get(id) !== 1);
      expect(missing).toEqual([]);
      expect(new Set(acknowledged).size).toBe(acknowledged.length);
    }
  }, 180_000);
});
