/**
 * Which errors mean "the store cannot take writes now" (503 + Retry-After):
 * decided by error type and code, never by the message text.
 */
import { MongoNetworkError, MongoServerError } from 'mongodb';
import { toAppError } from '../../server/http/middleware/errors';
import { storageFaultOf } from '../../server/store/faults';
import { DuplicateKeyError } from '../../server/store/types';

const withCode = (code: string | number, message = 'x') => Object.assign(new Error(message), { code });

test.each([
  ['SQLITE_FULL', 'SQLITE_FULL'],
  ['SQLITE_IOERR_FSYNC', 'SQLITE_IOERR_FSYNC'],
  ['SQLITE_READONLY_DBMOVED', 'SQLITE_READONLY_DBMOVED'],
  ['ENOSPC', 'ENOSPC'],
  ['EROFS', 'EROFS'],
])('classifies an error with code %s as a storage fault', (code, fault) => {
  expect(storageFaultOf(withCode(code))).toBe(fault);
  expect(toAppError(withCode(code))).toMatchObject({ status: 503, code: 'store_unavailable' });
});

test('classifies MongoDB out of disk space, a lost primary and an unreachable server as storage faults', () => {
  expect(storageFaultOf(new MongoServerError({ code: 14031, errmsg: 'out of disk space' }))).toBe('mongo_14031');
  expect(storageFaultOf(new MongoServerError({ code: 10107, errmsg: 'not primary' }))).toBe('mongo_10107');
  expect(storageFaultOf(new MongoNetworkError('connection reset'))).toBe('mongo_unreachable');
});

test('leaves other errors alone, whatever their message says', () => {
  expect(storageFaultOf(new Error('SQLITE_FULL: database or disk is full'))).toBeNull();
  expect(storageFaultOf(withCode('SQLITE_CONSTRAINT_UNIQUE', 'disk full'))).toBeNull();
  expect(storageFaultOf(new DuplicateKeyError('responses', 'dedupeKey'))).toBeNull();
  expect(storageFaultOf(new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' }))).toBeNull();
  expect(storageFaultOf(null)).toBeNull();
  expect(toAppError(new Error('ENOSPC'))).toBeNull();
});
