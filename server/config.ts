/**
 * Every environment variable, parsed and validated once at boot. A bad value
 * stops start-up with one line per problem, naming the variable and the rule.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** Session cookies are signed with HMAC-SHA256: a shorter secret could be guessed offline from one cookie. */
export const SECRET_MIN_LENGTH = 32;

/**
 * When the demo enterprise (known logins, one shared password) is loaded:
 * - auto: on an empty store when NODE_ENV is not production (`npm start` on a fresh clone);
 * - always: whenever it is missing, even beside other data; refused with NODE_ENV=production;
 * - never: not at all (the Docker image); the first start then prints a setup URL instead.
 */
export type DemoSeeding = 'auto' | 'always' | 'never';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('ServiceStar <no-reply@servicestar.local>'),
  SESSION_SECRET: z.string().min(SECRET_MIN_LENGTH, `must be at least ${SECRET_MIN_LENGTH} characters (openssl rand -hex 32 makes one)`).optional(),
  PUBLIC_URL: z.string().url('must be an absolute URL such as https://survey.example.com').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('demo1234'),
  /** The demo enterprise: see DemoSeeding. */
  SEED_DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
  NODE_ENV: z.string().optional(),
  /** Secure cookies: on when PUBLIC_URL is https, or forced with TRUST_PROXY behind a TLS proxy. */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
  /** Start-up waits this long for the embedded store's integrity check, then lets it finish in the background. */
  STORE_CHECK_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  /** SIGTERM/SIGINT: in-flight requests get this long to finish before the process exits non-zero. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(10),
  /** /readyz turns false when the disk under DATA_DIR has less free space than this. */
  READY_MIN_FREE_MB: z.coerce.number().min(0).max(1_000_000).default(64),
  /** Side-effect jobs this process runs at once; 0 makes it a web-only process that leaves them to others. */
  JOB_CONCURRENCY: z.coerce.number().int().min(0).max(64).default(2),
  /** How often an idle worker looks for jobs other processes wrote (its own wake it at once). */
  JOB_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
  /** Accept webhook endpoints on http://127.0.0.1 (a receiver on this machine, tests); otherwise only https. */
  WEBHOOK_ALLOW_HTTP_LOOPBACK: z.enum(['true', 'false']).default('false'),
  /** App processes on this machine (Node's cluster module); 1 runs a single process without a primary. */
  WORKERS: z.coerce.number().int().min(1, 'must be at least 1').max(64).default(1),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  mongodbUri?: string;
  smtpUrl?: string;
  mailFrom: string;
  sessionSecret: string;
  publicUrl?: string;
  logLevel: (typeof LOG_LEVELS)[number];
  demoPassword: string;
  seedDemo: DemoSeeding;
  /** NODE_ENV=production: no demo data, no demo logins shown. */
  production: boolean;
  trustProxy: boolean;
  secureCookies: boolean;
  loginMaxAttempts: number;
  storeCheckMs: number;
  shutdownTimeoutMs: number;
  readyMinFreeBytes: number;
  jobConcurrency: number;
  jobPollMs: number;
  webhookAllowHttpLoopback: boolean;
  workers: number;
}

/** One line per problem, each naming the variable (or file) and the rule. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.map((p) => `invalid configuration: ${p}`).join('\n'));
    this.name = 'ConfigError';
  }
}

const SECRET_FILE = 'session-secret';

/**
 * The secret is generated once and kept in DATA_DIR so sessions survive restarts.
 * A file that is empty, short or holds control characters (a crash mid-write, a disk
 * fault) is refused at start with the file's name, rather than signing cookies with it
 * or answering 500 on every request.
 */
function sessionSecretFor(dataDir: string): string {
  const file = path.join(dataDir, SECRET_FILE);
  const fix = `delete it to generate a new one (everyone is logged out), restore it from a backup, or set SESSION_SECRET`;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Missing, or DATA_DIR itself is missing or no folder: creating it says what is wrong.
    if (code === 'ENOENT' || code === 'ENOTDIR') return createSecretFile(dataDir, file);
    throw new ConfigError([`${file}: the session secret file cannot be read (${code}): give this user read access to it, or set SESSION_SECRET`]);
  }
  const secret = text.trim();
  if (!secret) throw new ConfigError([`${file}: the session secret file is empty: ${fix}`]);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a secret file may not contain
  if (/[\u0000-\u001f\u007f\ufffd]/.test(secret))
    throw new ConfigError([`${file}: the session secret file is corrupt (control or invalid characters): ${fix}`]);
  if (secret.length < SECRET_MIN_LENGTH) throw new ConfigError([`${file}: the session secret is shorter than ${SECRET_MIN_LENGTH} characters: ${fix}`]);
  return secret;
}

/** Node's recursive mkdir reports ENOENT when the last step fails (a read-only disk, say): ask once more without recursion for the real cause. */
export function makeDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    fs.mkdirSync(dataDir);
  }
}

/**
 * Written beside the target, synced, then linked into place: a crash never leaves a
 * half-written secret, and of two processes starting at once the second reads the first's.
 */
function createSecretFile(dataDir: string, file: string): string {
  const secret = crypto.randomBytes(32).toString('hex');
  const temp = `${file}.${process.pid}.tmp`;
  try {
    makeDataDir(dataDir);
    const fd = fs.openSync(temp, 'w', 0o600);
    try {
      fs.writeSync(fd, secret);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(temp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return sessionSecretFor(dataDir);
      throw err;
    }
    return secret;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError([
      `DATA_DIR: cannot write the session secret into ${dataDir} (${code}): make the folder writable for this user, or set SESSION_SECRET`,
    ]);
  } finally {
    // The secret lives on under its own name; the temporary name goes (when it was made at all).
    if (fs.existsSync(temp)) fs.rmSync(temp);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty variables count as unset: `FOO= npm start` should not fail validation.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && e.SEED_DEMO === 'always') {
    throw new ConfigError(['SEED_DEMO: always is refused with NODE_ENV=production (the demo logins share one known password): use never']);
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const trustProxy = e.TRUST_PROXY === 'true';
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    mongodbUri: e.MONGODB_URI,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    sessionSecret: e.SESSION_SECRET ?? sessionSecretFor(dataDir),
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    logLevel: e.LOG_LEVEL,
    demoPassword: e.DEMO_PASSWORD,
    seedDemo: e.SEED_DEMO,
    production,
    trustProxy,
    secureCookies: trustProxy || (e.PUBLIC_URL?.startsWith('https://') ?? false),
    loginMaxAttempts: e.LOGIN_MAX_ATTEMPTS,
    storeCheckMs: e.STORE_CHECK_SECONDS * 1000,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    readyMinFreeBytes: e.READY_MIN_FREE_MB * 1024 * 1024,
    jobConcurrency: e.JOB_CONCURRENCY,
    jobPollMs: e.JOB_POLL_MS,
    webhookAllowHttpLoopback: e.WEBHOOK_ALLOW_HTTP_LOOPBACK === 'true',
    workers: e.WORKERS,
  };
}
