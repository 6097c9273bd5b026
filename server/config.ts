/**
 * Every environment variable, parsed and validated once at boot. A bad value
 * stops start-up with one line per problem, naming the variable and the rule.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

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
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PUBLIC_URL: z.string().url('must be an absolute URL such as https://survey.example.com').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('demo1234'),
  /** Seed demo data when the store is empty (npm start). */
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  /** Secure cookies: on when PUBLIC_URL is https, or forced with TRUST_PROXY behind a TLS proxy. */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
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
  seedDemo: 'auto' | 'never';
  trustProxy: boolean;
  secureCookies: boolean;
  loginMaxAttempts: number;
  jobConcurrency: number;
  jobPollMs: number;
  webhookAllowHttpLoopback: boolean;
  workers: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** The secret is generated once and kept in DATA_DIR so sessions survive restarts. */
function sessionSecretFor(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = crypto.randomBytes(32).toString('hex');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty variables count as unset: `FOO= npm start` should not fail validation.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
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
    trustProxy,
    secureCookies: trustProxy || (e.PUBLIC_URL?.startsWith('https://') ?? false),
    loginMaxAttempts: e.LOGIN_MAX_ATTEMPTS,
    jobConcurrency: e.JOB_CONCURRENCY,
    jobPollMs: e.JOB_POLL_MS,
    webhookAllowHttpLoopback: e.WEBHOOK_ALLOW_HTTP_LOOPBACK === 'true',
    workers: e.WORKERS,
  };
}
