/**
 * Creating the platform operator: the first one through the setup URL's token, or
 * from a shell (`npm run setup`), where a flag allows adding another.
 */
import { ConflictError, NotFoundError } from '../../errors';
import type { Store } from '../../store/types';
import { assertAcceptablePassword } from '../accounts/passwordPolicy';
import { insertUser, publicUser, type PublicUser, type User } from '../accounts/users';
import { operatorExists, sameToken, SETUP_COLLECTION, SETUP_TOKEN_ID, type SetupTokenDoc } from './token';

export interface OperatorInput {
  email: string;
  name?: string;
  password: string;
}

/** The name shown in the app when none is given: the address's local part. */
function nameOf(input: OperatorInput): string {
  return input.name?.trim() || input.email.trim().split('@')[0];
}

/**
 * Creates the first operator with the setup token. The token is deleted in the same
 * transaction as the account is inserted, so of two forms sent at once only one wins.
 * An unknown or used token is a 404: the setup page is gone once it has done its job.
 */
export async function createFirstOperator(store: Store, token: string, input: OperatorInput): Promise<User> {
  assertAcceptablePassword(input.password, input.email);
  return store.withTransaction(async (tx) => {
    const tokens = tx.collection<SetupTokenDoc>(SETUP_COLLECTION);
    const doc = await tokens.findOne({ _id: SETUP_TOKEN_ID });
    if (!doc || !sameToken(doc.token, token) || (await operatorExists(tx))) throw new NotFoundError('setup page');
    if (!(await tokens.deleteOne({ _id: SETUP_TOKEN_ID, token: doc.token }))) throw new NotFoundError('setup page');
    return insertUser(tx, { email: input.email, name: nameOf(input), password: input.password, role: 'operator', enterpriseId: null });
  });
}

/** From a shell: refuses when an operator exists unless `allowAnother`; the setup URL stops working either way. */
export async function createOperator(store: Store, input: OperatorInput, opts: { allowAnother: boolean }): Promise<PublicUser> {
  assertAcceptablePassword(input.password, input.email);
  const user = await store.withTransaction(async (tx) => {
    if (!opts.allowAnother && (await operatorExists(tx))) {
      throw new ConflictError('an operator already exists: log in as them, or pass --another to add one more', 'email', 'operator_exists');
    }
    await tx.collection<SetupTokenDoc>(SETUP_COLLECTION).deleteOne({ _id: SETUP_TOKEN_ID });
    return insertUser(tx, { email: input.email, name: nameOf(input), password: input.password, role: 'operator', enterpriseId: null });
  });
  return publicUser(user);
}
