/** The policy module: who may do what, at which scope; and routes that ask it instead of the store or the role table. */
import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '../../server/services/accounts/roles';
import { allowed, assertAllowed, POLICY, seesAllSites } from '../../server/services/policy';

const whole = (role: Role) => ({ role });
const limited = (role: Role) => ({ role, siteIds: ['bj'] });

test('a role without the permission is refused, whatever its scope', () => {
  expect(allowed(whole('shopper'), 'scores', 'read')).toBe(false);
  expect(allowed(whole('analyst'), 'audits', 'enter')).toBe(false);
  expect(() => assertAllowed(whole('agent'), 'templates', 'manage')).toThrow(/agent role may not/);
});

test('a site-limited user may do own-site actions but nothing that spans every site', () => {
  expect(allowed(limited('auditor'), 'audits', 'enter')).toBe(true);
  expect(allowed(limited('auditor'), 'audits', 'plan')).toBe(false);
  expect(allowed(limited('auditor'), 'certification', 'record')).toBe(false);
  expect(allowed(limited('admin'), 'responses', 'write')).toBe(true);
  for (const [resource, verb] of [
    ['users', 'manage'],
    ['sites', 'manage'],
    ['templates', 'manage'],
    ['campaigns', 'manage'],
    ['tokens', 'manage'],
    ['alertRules', 'manage'],
    ['outbox', 'read'],
  ] as const) {
    expect(allowed(whole('admin'), resource, verb as never)).toBe(true);
    expect(allowed(limited('admin'), resource, verb as never)).toBe(false);
  }
  expect(() => assertAllowed(limited('admin'), 'users', 'manage')).toThrow(/concerns every site/);
});

test('an empty site list means every site', () => {
  expect(allowed({ role: 'admin', siteIds: [] }, 'users', 'manage')).toBe(true);
  expect(seesAllSites({ role: 'admin', siteIds: [] })).toBe(true);
});

test('a site manager without sites is refused everything and sees no site', () => {
  const manager = { role: 'siteManager' as Role };
  expect(allowed(manager, 'scores', 'read')).toBe(false);
  expect(() => assertAllowed(manager, 'followUps', 'read')).toThrow(/must be given sites first/);
  expect(seesAllSites(manager)).toBe(false);
  expect(seesAllSites({ ...manager, siteIds: ['bj'] })).toBe(false);
});

test('every rule names at least one permission and a scope', () => {
  for (const verbs of Object.values(POLICY)) {
    for (const rule of Object.values(verbs)) {
      expect(rule.any.length).toBeGreaterThan(0);
      expect(['ownSites', 'allSites']).toContain(rule.scope);
    }
  }
});

test('routes neither query the store nor check roles themselves', () => {
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts') && !file.endsWith(path.join('middleware', 'sessionStore.ts'))) {
        const text = fs.readFileSync(file, 'utf8');
        if (/\.collection(<[^>]*>)?\(/.test(text)) offenders.push(`${file}: queries the store`);
        if (/\bcan\(|assertCan\(|requirePermission\(/.test(text)) offenders.push(`${file}: checks a role instead of asking the policy`);
      }
    }
  };
  walk(path.join(__dirname, '../../server/http'));
  expect(offenders).toEqual([]);
});
