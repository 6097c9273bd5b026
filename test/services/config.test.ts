/** Configuration rules read once at boot: the demo's seeding mode and the session secret. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/config';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicestar-config-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ DATA_DIR: dir, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('SEED_DEMO', () => {
  test('defaults to auto and accepts auto, always and never', () => {
    expect(loadConfig({ DATA_DIR: dir }).seedDemo).toBe('auto');
    for (const mode of ['auto', 'always', 'never'] as const) expect(loadConfig({ DATA_DIR: dir, SEED_DEMO: mode }).seedDemo).toBe(mode);
  });

  test('refuses an unknown mode naming the variable', () => {
    expect(problemsOf({ SEED_DEMO: 'yes' })).toEqual([expect.stringMatching(/^SEED_DEMO: .*'auto' \| 'always' \| 'never'/)]);
  });

  test('refuses always with NODE_ENV=production in one line', () => {
    expect(problemsOf({ SEED_DEMO: 'always', NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^SEED_DEMO: always is refused with NODE_ENV=production/),
    ]);
  });

  test('NODE_ENV=production is the only production', () => {
    expect(loadConfig({ DATA_DIR: dir, NODE_ENV: 'production' }).production).toBe(true);
    expect(loadConfig({ DATA_DIR: dir, NODE_ENV: 'development' }).production).toBe(false);
    expect(loadConfig({ DATA_DIR: dir }).production).toBe(false);
  });
});

describe('the session secret', () => {
  const file = () => path.join(dir, 'session-secret');

  test('from SESSION_SECRET: 31 characters are refused, 32 accepted', () => {
    expect(problemsOf({ SESSION_SECRET: 'x'.repeat(31) })).toEqual([expect.stringMatching(/^SESSION_SECRET: must be at least 32 characters/)]);
    expect(loadConfig({ DATA_DIR: dir, SESSION_SECRET: 's'.repeat(32) }).sessionSecret).toBe('s'.repeat(32));
  });

  test('is generated once into DATA_DIR, readable only by its owner, and read back at the next start', () => {
    const first = loadConfig({ DATA_DIR: dir }).sessionSecret;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(file()).mode & 0o777).toBe(0o600);
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(first);
    expect(fs.readdirSync(dir)).toEqual(['session-secret']); // no temporary file left behind
  });

  test.each([
    ['empty', '', /session-secret: the session secret file is empty: delete it/],
    ['only a line break', '\n', /session-secret: the session secret file is empty/],
    ['zero bytes after a crash', '\0'.repeat(64), /session-secret: the session secret file is corrupt/],
    ['binary garbage', Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x9c]).toString('latin1').repeat(10), /session-secret: the session secret file is corrupt/],
    ['3 characters', 'abc\n', /session-secret: the session secret is shorter than 32 characters/],
  ])('a secret file that is %s is refused with one line naming the file and what to do', (_what, content, rule) => {
    fs.writeFileSync(file(), content, 'latin1');
    const problems = problemsOf({});
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(file());
    expect(problems[0]).toMatch(rule);
    expect(problems[0]).toMatch(/or set SESSION_SECRET$/);
    expect(problems[0]).not.toContain('\n');
    expect(fs.readFileSync(file(), 'latin1')).toBe(content); // never overwritten: it may be restored from a backup
  });

  test('a secret file with surrounding white space is read without it', () => {
    fs.writeFileSync(file(), `  ${'k'.repeat(40)}\n`);
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe('k'.repeat(40));
  });

  test('a DATA_DIR that is a file is refused naming DATA_DIR', () => {
    const notAFolder = path.join(dir, 'plain-file');
    fs.writeFileSync(notAFolder, 'x');
    expect(() => loadConfig({ DATA_DIR: notAFolder })).toThrow(/DATA_DIR: cannot write the session secret into .*plain-file \(E\w+\)/);
  });

  test('ConfigError prints one line per problem', () => {
    const err = new ConfigError(['PORT: a', 'SEED_DEMO: b']);
    expect(err.message.split('\n')).toEqual(['invalid configuration: PORT: a', 'invalid configuration: SEED_DEMO: b']);
  });
});
