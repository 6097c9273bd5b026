/**
 * What `npm test` runs before jest: lint, the format check, the build and the type check, side by side
 * rather than one after another (on 2 cores they took 81 s in a row, each leaving a core idle while it
 * read files or waited on a single-threaded phase).
 * The build only emits (`tsc --noCheck`; tsconfig.json sets isolatedModules, so the output does not
 * depend on types): `npm run typecheck` checks every file the build compiles, and the tests too, with
 * the same options (tsconfig.test.json extends tsconfig.json), so no check is lost and server/ is
 * type-checked once instead of twice. `npm run build` alone still checks before it emits.
 * Each step's output is printed whole when it ends; the run fails if any step failed, after all have
 * ended, so one run names every problem.
 *   node scripts/checks.mjs
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';

const STEPS = [
  { name: 'lint', command: 'npm run -s lint' },
  { name: 'format:check', command: 'npm run -s format:check' },
  {
    name: 'build (emit only; types: typecheck)',
    command: 'npx tsc -p tsconfig.json --noCheck',
    before: () => fs.rmSync('dist', { recursive: true, force: true }),
  },
  { name: 'typecheck', command: 'npm run -s typecheck' },
];

function run(step) {
  step.before?.();
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(step.command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const text = Buffer.concat(output).toString().trimEnd();
      const ok = code === 0;
      process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${step.name} (${seconds} s${signal ? `, ${signal}` : ''})\n${text ? `${text}\n` : ''}`);
      resolve(ok);
    });
  });
}

const results = await Promise.all(STEPS.map(run));
if (results.includes(false)) {
  process.stdout.write(`${results.filter((ok) => !ok).length} of ${STEPS.length} checks failed; jest did not run\n`);
  process.exit(1);
}
