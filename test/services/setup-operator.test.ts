/** The first operator: the setup token's life, the password rules, and the shell's --another. */
import { ConflictError, NotFoundError, ValidationError } from '../../server/errors';
import { assertAcceptablePassword } from '../../server/services/accounts/passwordPolicy';
import { authenticate, type User } from '../../server/services/accounts/users';
import { createFirstOperator, createOperator } from '../../server/services/setup/operator';
import { currentSetupToken, isSetupTokenValid } from '../../server/services/setup/token';
import { buildWorld, type World } from '../helpers/world';

const GOOD = 'river willow 2026';
let world: World;
beforeEach(async () => (world = await buildWorld()));
afterEach(() => world.close());

const operators = () => world.store.collection<User>('users').find({ role: 'operator' });

test('the setup token is made once and is the same at every start until an operator exists', async () => {
  const token = await currentSetupToken(world.store);
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(await currentSetupToken(world.store)).toBe(token);
  expect(await isSetupTokenValid(world.store, token!)).toBe(true);
  expect(await isSetupTokenValid(world.store, token!.slice(0, -1) + (token!.endsWith('A') ? 'B' : 'A'))).toBe(false);
  expect(await isSetupTokenValid(world.store, '')).toBe(false);
});

test('two processes starting at once agree on one token', async () => {
  const tokens = await Promise.all([currentSetupToken(world.store), currentSetupToken(world.store), currentSetupToken(world.store)]);
  expect(new Set(tokens).size).toBe(1);
});

test('the token creates the first operator, who can log in, and then works no more', async () => {
  const token = (await currentSetupToken(world.store))!;
  const user = await createFirstOperator(world.store, token, { email: ' Ops@Example.com ', password: GOOD });
  expect(user).toMatchObject({ email: 'ops@example.com', role: 'operator', enterpriseId: null, name: 'Ops' });
  expect((await authenticate(world.store, 'ops@example.com', GOOD, { maxAttempts: 5, address: '127.0.0.1' }))._id).toBe(user._id);
  expect(await isSetupTokenValid(world.store, token)).toBe(false);
  expect(await currentSetupToken(world.store)).toBeNull();
  await expect(createFirstOperator(world.store, token, { email: 'second@example.com', password: GOOD })).rejects.toBeInstanceOf(NotFoundError);
  expect(await operators()).toHaveLength(1);
});

test('of two forms sent at once with the token, one creates the operator and the other is refused', async () => {
  const token = (await currentSetupToken(world.store))!;
  const results = await Promise.allSettled([
    createFirstOperator(world.store, token, { email: 'a@example.com', password: GOOD }),
    createFirstOperator(world.store, token, { email: 'b@example.com', password: GOOD }),
  ]);
  expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  expect(await operators()).toHaveLength(1);
});

test('a wrong token creates nothing and leaves the right one valid', async () => {
  const token = (await currentSetupToken(world.store))!;
  await expect(createFirstOperator(world.store, 'x'.repeat(43), { email: 'a@example.com', password: GOOD })).rejects.toBeInstanceOf(NotFoundError);
  expect(await operators()).toHaveLength(0);
  expect(await isSetupTokenValid(world.store, token)).toBe(true);
});

test('a weak password creates nothing and keeps the token', async () => {
  const token = (await currentSetupToken(world.store))!;
  await expect(createFirstOperator(world.store, token, { email: 'a@example.com', password: 'short' })).rejects.toMatchObject({
    code: 'password_too_short',
    field: 'password',
    status: 400,
  });
  expect(await operators()).toHaveLength(0);
  expect(await isSetupTokenValid(world.store, token)).toBe(true);
});

test.each([
  ['11 characters', 'abcdefghijk', 'password_too_short'],
  ['201 characters', 'a1'.repeat(100) + 'b', 'password_too_long'],
  ['a listed password with digits after it', 'Password123456', 'password_common'],
  ['the demo password padded', 'demo12341234', 'password_common'],
  ['one character repeated', 'zzzzzzzzzzzz', 'password_common'],
  ['a run of digits', '123456789012', 'password_common'],
  ['the email address in it', 'wangmin-rocks-2026', 'password_contains_email'],
])('a password of %s is refused (%s)', (_what, password, code) => {
  expect(() => assertAcceptablePassword(password, 'WangMin@example.com')).toThrow(expect.objectContaining({ code, field: 'password' }));
});

test('twelve characters of a passphrase are enough', () => {
  expect(() => assertAcceptablePassword('河边的柳树发芽了绿色春天来了', 'a@example.com')).not.toThrow();
  expect(() => assertAcceptablePassword('correct horse', 'a@example.com')).not.toThrow();
});

test('from the shell: refused when an operator exists, added with --another; the setup token goes either way', async () => {
  const token = (await currentSetupToken(world.store))!;
  const first = await createOperator(world.store, { email: 'one@example.com', name: '王敏', password: GOOD }, { allowAnother: false });
  expect(first).toMatchObject({ email: 'one@example.com', name: '王敏', role: 'operator' });
  expect(first).not.toHaveProperty('passwordHash');
  expect(await isSetupTokenValid(world.store, token)).toBe(false);
  await expect(createOperator(world.store, { email: 'two@example.com', password: GOOD }, { allowAnother: false })).rejects.toBeInstanceOf(ConflictError);
  await createOperator(world.store, { email: 'two@example.com', password: GOOD }, { allowAnother: true });
  await expect(createOperator(world.store, { email: 'two@example.com', password: GOOD }, { allowAnother: true })).rejects.toMatchObject({
    status: 409,
    field: 'email',
  });
  expect((await operators()).map((u) => u.email).sort()).toEqual(['one@example.com', 'two@example.com']);
  await expect(createOperator(world.store, { email: 'three@example.com', password: 'nope' }, { allowAnother: true })).rejects.toBeInstanceOf(ValidationError);
});
