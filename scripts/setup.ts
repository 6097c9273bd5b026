/**
 * npm run setup -- --email you@example.com [--name "Wang Min"] [--another]
 *
 * Creates the platform operator from a shell, as the setup URL does in a browser.
 * In a terminal it asks for the password twice without echo; from a pipe it reads the
 * first line of stdin (`printf '%s\n' "$PASSWORD" | npm run setup -- --email …`).
 * Refuses when an operator exists, unless --another says to add one more.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../server/config';
import { AppError } from '../server/errors';
import { assertAcceptablePassword, assertSamePassword } from '../server/services/accounts/passwordPolicy';
import { createOperator } from '../server/services/setup/operator';
import { exitOnStartupError, storeOpenError } from '../server/startup/errors';
import { ensureCoreIndexes } from '../server/store/indexes';
import { openStore } from '../server/store';
import { InputCancelled, readFirstLine, readHidden } from './hiddenInput';

const USAGE = 'usage: npm run setup -- --email you@example.com [--name "Your Name"] [--another]';

class UsageError extends Error {}

function options(argv: string[]): { email: string; name?: string; another: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { email: { type: 'string' }, name: { type: 'string' }, another: { type: 'boolean', default: false } },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}; ${USAGE}`);
  }
  const email = z
    .string()
    .trim()
    .email()
    .max(254)
    .safeParse(values.email ?? '');
  if (!email.success) throw new UsageError(`--email: ${values.email ? 'must be an email address' : 'is required'}; ${USAGE}`);
  return { email: email.data, name: values.name, another: values.another ?? false };
}

async function password(email: string): Promise<string> {
  if (!process.stdin.isTTY) return readFirstLine();
  const first = await readHidden('password: ');
  assertAcceptablePassword(first, email); // say so before asking for it again
  assertSamePassword(first, await readHidden('password again: '));
  return first;
}

async function run(): Promise<void> {
  const args = options(process.argv.slice(2));
  const config = loadConfig();
  const secret = await password(args.email);
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir }).catch((err) => {
    throw storeOpenError(err, { mongodb: !!config.mongodbUri, dataDir: config.dataDir });
  });
  try {
    await ensureCoreIndexes(store);
    const operator = await createOperator(store, { email: args.email, name: args.name, password: secret }, { allowAnother: args.another });
    console.log(`operator ${operator.email} created: log in at ${config.publicUrl ?? `http://localhost:${config.port}`}/login`);
  } finally {
    await store.close();
  }
}

run().catch((err) => {
  if (err instanceof UsageError) {
    console.error(err.message);
    process.exit(2);
  }
  if (err instanceof AppError || err instanceof InputCancelled) {
    console.error(`setup refused: ${err.message}`);
    process.exit(1);
  }
  exitOnStartupError(err);
});
