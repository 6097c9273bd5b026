/**
 * The built server and scripts (dist/) as a person runs them: a separate process with
 * its own environment, judged by what it prints and its exit code.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../server/paths';

export const SERVER = path.join(repoRoot, 'dist', 'server', 'main.js');
export const SETUP_SCRIPT = path.join(repoRoot, 'dist', 'scripts', 'setup.js');

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env: Record<string, string>;
  args?: string[];
  /** Written to stdin, which is then closed (a pipe, not a terminal). */
  stdin?: string;
  /** Run as another user (root can only be refused a folder as someone else). */
  uid?: number;
  gid?: number;
}

/**
 * Runs `script` until it exits. The environment is the given one plus PATH and HOME
 * only, so the tester's own variables (NODE_ENV=test under jest) do not leak in.
 * A generous deadline kills a process that should have stopped on its own.
 */
export function runToExit(script: string, opts: RunOptions): Promise<Finished> {
  if (!fs.existsSync(script)) throw new Error(`${script} is missing: run \`npx tsc -p tsconfig.json\` (npm test builds it)`);
  const child = spawn(process.execPath, [script, ...(opts.args ?? [])], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdin.end(opts.stdin ?? '');
  const deadline = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Resolves with the first match of `pattern` in what a running process printed, as soon as it is printed. */
export function waitForOutput(server: { child: import('node:child_process').ChildProcess; output(): string }, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = server.output().match(pattern);
      if (!match) return false;
      server.child.stdout?.off('data', onData);
      server.child.off('exit', onExit);
      resolve(match);
      return true;
    };
    // Our listener runs after the one that keeps output(): the chunk is already there.
    const onData = () => void check();
    const onExit = () => reject(new Error(`exited before printing ${pattern}:\n${server.output()}`));
    if (check()) return;
    server.child.stdout?.on('data', onData);
    server.child.once('exit', onExit);
  });
}
