/** The Docker image and compose file never load the demo: their environment, read from the files, says production and never. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config';
import { repoRoot } from '../../server/paths';
import { shouldSeedDemo } from '../../server/services/demo/policy';

/** The runtime stage's ENV (the last FROM's), continuation lines joined. */
function dockerfileEnv(): Record<string, string> {
  const text = fs.readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
  const runtime = text.slice(text.lastIndexOf('\nFROM '));
  const env: Record<string, string> = {};
  for (const [, pairs] of runtime.matchAll(/^ENV (.+)$/gm)) for (const [, k, v] of pairs.matchAll(/(\w+)=(\S+)/g)) env[k] = v;
  return env;
}

/** The app service's `environment:` block of docker-compose.yml. */
function composeAppEnv(): Record<string, string> {
  const text = fs.readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8');
  const block = /\n {2}app:\n[\s\S]*?\n {4}environment:\n((?: {6}.*\n)+)/.exec(text)![1];
  const env: Record<string, string> = {};
  for (const [, k, v] of block.matchAll(/^ {6}(\w+): "?([^"\n]*)"?$/gm)) env[k] = v;
  return env;
}

test.each([
  ['the Docker image', dockerfileEnv],
  ['docker compose (over the image)', () => ({ ...dockerfileEnv(), ...composeAppEnv() })],
  ['docker compose alone', composeAppEnv],
])('%s: production, SEED_DEMO=never, and an empty store gets no demo', (_what, envOf) => {
  const env = envOf();
  expect(env).toMatchObject({ NODE_ENV: 'production', SEED_DEMO: 'never' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicestar-docker-'));
  try {
    const config = loadConfig({ ...env, DATA_DIR: dir, MONGODB_URI: undefined });
    expect(config.production).toBe(true);
    expect(shouldSeedDemo(config.seedDemo, config.production, { empty: true, demoPresent: false })).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
