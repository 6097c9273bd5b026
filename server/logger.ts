import pino, { type Logger } from 'pino';

/** Structured JSON logs; secrets and personal data are redacted at the source. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['password', '*.password', 'passwordHash', '*.passwordHash', 'phone', '*.phone', 'token', '*.token'], censor: '[redacted]' },
  });
}
