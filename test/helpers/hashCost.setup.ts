/** Every suite hashes its users' passwords at a low scrypt cost (see lowerHashCostForTests); test/services/passwords.test.ts checks the real one. */
import { lowerHashCostForTests } from '../../server/services/accounts/passwords';

lowerHashCostForTests();
