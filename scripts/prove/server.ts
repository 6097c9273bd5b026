/**
 * The real server as a separate process (dist/server/main.js) on 127.0.0.1,
 * so a proof can SIGKILL it like a crash would, and restart it on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import path from 'node:path';

const MAIN = path.join(__dirname, '../../server/main.js');
/** Generous: on a loaded 2-core machine a cold start (node, the store, the views) can take tens of seconds. */
const START_TIMEOUT_MS = 120_000;
/** Under jest this file runs from TypeScript; the server always runs from the build. */
const mainScript = () => (fs.existsSync(MAIN) ? MAIN : path.join(__dirname, '../../dist/server/main.js'));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** The last lines the server printed (for a failure's explanation). */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A port free right now: the server is told it, since its banner shows PUBLIC_URL rather than the port when one is set. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** `startWithinMs`: how long start-up may take (loading the demo data takes minutes on a busy machine). */
export async function startServerProcess(dataDir: string, env: Record<string, string> = {}, startWithinMs = START_TIMEOUT_MS): Promise<ServerProcess> {
  const port = await freePort();
  const script = mainScript();
  if (!fs.existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_DEMO: 'never',
      LOG_LEVEL: 'error',
      SMTP_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-20_000));
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // never leave a half-started server behind
      reject(new Error(`server did not start within ${startWithinMs / 1000} s:\n${tail}`));
    }, startWithinMs);
    child.once('exit', (code, signal) => reject(new Error(`server exited during start-up (${code ?? signal}):\n${tail}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      keep(chunk);
      if (!tail.includes('ServiceStar is running at')) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${port}`,
        child,
        output: () => tail,
        async kill(sig) {
          if (child.exitCode === null && child.signalCode === null) child.kill(sig);
          await exited;
        },
      });
    });
  });
}

/** True when the server still answers its health check. */
export async function isUp(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) })).ok;
  } catch {
    return false;
  }
}
