/**
 * Passwords are hashed with scrypt at the production cost; jest's setup lowers the
 * cost for speed, and hashes record their own cost so either kind verifies.
 */
import type * as Passwords from '../../server/services/accounts/passwords';

function freshPasswords(): typeof Passwords {
  let loaded!: typeof Passwords;
  jest.isolateModules(() => {
    loaded = jest.requireActual<typeof Passwords>('../../server/services/accounts/passwords');
  });
  return loaded;
}

test('outside the test setup a new hash uses the production cost and verifies only its own password', async () => {
  const passwords = freshPasswords();
  const hash = await passwords.hashPassword('correct horse');
  expect(hash.split('$').slice(0, 4)).toEqual(['scrypt', String(passwords.PRODUCTION_COST), '8', '1']);
  expect(passwords.PRODUCTION_COST).toBeGreaterThanOrEqual(16384);
  expect(await passwords.verifyPassword('correct horse', hash)).toBe(true);
  expect(await passwords.verifyPassword('correct horsE', hash)).toBe(false);
});

test('a hash made at the lowered test cost still verifies in a process at the production cost', async () => {
  const lowered = freshPasswords();
  lowered.lowerHashCostForTests(1024);
  const hash = await lowered.hashPassword('s3cret-密码');
  expect(hash.split('$')[1]).toBe('1024');
  const production = freshPasswords();
  expect(await production.verifyPassword('s3cret-密码', hash)).toBe(true);
  expect(await production.verifyPassword('s3cret', hash)).toBe(false);
});

test('the cost cannot be lowered outside jest', () => {
  const passwords = freshPasswords();
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    expect(() => passwords.lowerHashCostForTests()).toThrow(/only under jest/);
  } finally {
    process.env.NODE_ENV = before;
  }
});
