/**
 * Malformed requests, generated from a seeded PRNG so that a failing run
 * reproduces from its printed seed: wrong types, huge strings, deep JSON, bad
 * encodings, operator injection, path traversal and broken multipart.
 */
import zlib from 'node:zlib';
import type { RouteInfo } from './routes';

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Which generator made it, for the report. */
  kind: string;
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const TRAVERSAL = [
  '..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%5c..%5cwindows%5cwin.ini',
  '%252e%252e%252f',
  '....//....//etc/passwd',
  '%00',
  '%ff%fe',
  'a'.repeat(5000),
  '%E4%B8%AD%E6%96%87',
  '$gt',
  '%7B%22%24gt%22%3A%22%22%7D',
  'null',
  '-1',
  '1e309',
  'constructor',
  '__proto__',
];
const FIELDS = [
  'templateId',
  'templateVersion',
  'siteCode',
  'channel',
  'answers',
  'respondedAt',
  'email',
  'password',
  'name',
  'code',
  'role',
  'siteIds',
  'target',
  'cases',
  'phone',
  'callListId',
  'status',
  'comment',
  'outcome',
  '_csrf',
  'page',
  'nav',
];
const INJECTIONS: unknown[] = [
  { $gt: '' },
  { $ne: null },
  { $where: 'sleep(1000)' },
  { $regex: '.*' },
  ['$gt'],
  { 'a.b': 1 },
  JSON.parse('{"__proto__":{"admin":true}}'),
  { constructor: { prototype: { admin: true } } },
];

function wrongValue(r: Rand): unknown {
  switch (Math.floor(r() * 12)) {
    case 0:
      return null;
    case 1:
      return -1e308 * 10; // -Infinity serialises as null: still a wrong type
    case 2:
      return r() * 1e20;
    case 3:
      return true;
    case 4:
      return 'x'.repeat(1 + Math.floor(r() * 300_000));
    case 5:
      return pick(r, INJECTIONS);
    case 6:
      return [1, 'two', { three: 3 }];
    case 7:
      return '<script>alert(1)</script>';
    case 8:
      return pick(r, TRAVERSAL);
    case 9:
      return '\u0000\ud800\uffff';
    case 10:
      return { nested: { deeper: [null, {}] } };
    default:
      return '2026-13-45T99:99:99Z';
  }
}

function deepJson(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

function jsonBody(r: Rand): { body: Buffer; kind: string; type?: string; encoding?: string } {
  switch (Math.floor(r() * 9)) {
    case 0:
      return { body: Buffer.from(deepJson(1000 + Math.floor(r() * 50_000))), kind: 'deep json' };
    case 1:
      return { body: Buffer.from('{"answers": {"q1": 5,,}'), kind: 'broken json' };
    case 2:
      return { body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]), kind: 'invalid utf-8' };
    case 3:
      return { body: Buffer.from('{"a":1}'), kind: 'unknown charset', type: 'application/json; charset=utf-7' };
    case 4:
      return { body: Buffer.from('not gzip at all'), kind: 'lying gzip', encoding: 'gzip' };
    case 5:
      return { body: zlib.gzipSync(Buffer.from(JSON.stringify({ answers: 'x'.repeat(3_000_000) }))), kind: 'gzip bomb', encoding: 'gzip' };
    case 6:
      return { body: Buffer.from(JSON.stringify(pick(r, INJECTIONS))), kind: 'operator injection' };
    case 7:
      return { body: Buffer.from(JSON.stringify('just a string')), kind: 'json scalar' };
    default: {
      const obj: Record<string, unknown> = {};
      for (let i = 0, n = 1 + Math.floor(r() * 6); i < n; i++) obj[pick(r, FIELDS)] = wrongValue(r);
      return { body: Buffer.from(JSON.stringify(obj)), kind: 'wrong types' };
    }
  }
}

function formBody(r: Rand, csrf: string | null): { body: Buffer; kind: string } {
  const pairs: string[] = csrf && r() < 0.7 ? [`_csrf=${encodeURIComponent(csrf)}`] : [];
  switch (Math.floor(r() * 5)) {
    case 0:
      pairs.push('a[$gt]=', 'email[$ne]=x', '__proto__[admin]=1');
      return { body: Buffer.from(pairs.join('&')), kind: 'form injection' };
    case 1:
      for (let i = 0; i < 2000; i++) pairs.push(`p${i}=${i}`);
      return { body: Buffer.from(pairs.join('&')), kind: 'too many fields' };
    case 2:
      pairs.push('name=%E4%B8%AD%ZZ%', 'x=%ff%fe%fd');
      return { body: Buffer.from(pairs.join('&')), kind: 'bad percent-encoding' };
    case 3:
      pairs.push(`name=${'x'.repeat(300_000)}`);
      return { body: Buffer.from(pairs.join('&')), kind: 'huge form' };
    default:
      for (let i = 0, n = 1 + Math.floor(r() * 6); i < n; i++)
        pairs.push(
          `${pick(r, [...FIELDS, 'a_overall_satisfaction', 'a_recommend'])}=${encodeURIComponent(String(JSON.stringify(wrongValue(r))).slice(0, 20_000))}`,
        );
      return { body: Buffer.from(pairs.join('&')), kind: 'form wrong types' };
  }
}

function multipartBody(r: Rand, csrf: string | null): { body: Buffer; type: string; kind: string } {
  const b = 'fuzzBoundary' + Math.floor(r() * 1e9);
  const part = (name: string, filename: string, type: string, content: Buffer | string) =>
    Buffer.concat([
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
      Buffer.from(content),
      Buffer.from('\r\n'),
    ]);
  const field = csrf && r() < 0.7 ? Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`) : Buffer.alloc(0);
  switch (Math.floor(r() * 5)) {
    case 0:
      return {
        body: Buffer.concat([field, part('file', '../../../../etc/passwd', 'text/csv', 'email\nx@y.z\n'), Buffer.from(`--${b}--\r\n`)]),
        type: `multipart/form-data; boundary=${b}`,
        kind: 'multipart traversal name',
      };
    case 1:
      return {
        body: Buffer.concat([field, part('photo', 'photo.jpg', 'image/jpeg', '<?php echo 1; ?> not a jpeg'), Buffer.from(`--${b}--\r\n`)]),
        type: `multipart/form-data; boundary=${b}`,
        kind: 'multipart lying type',
      };
    case 2:
      return {
        body: Buffer.concat([field, part('file', 'a.csv', 'text/csv', 'email\n')]),
        type: `multipart/form-data; boundary=${b}`,
        kind: 'multipart truncated',
      };
    case 3:
      return { body: Buffer.from('--x\r\ngarbage'), type: 'multipart/form-data', kind: 'multipart no boundary' };
    default:
      return {
        body: Buffer.concat([field, part('file', 'x'.repeat(5000) + '.csv', 'text/csv', Buffer.alloc(100_000, 0xff)), Buffer.from(`--${b}--\r\n`)]),
        type: `multipart/form-data; boundary=${b}`,
        kind: 'multipart binary junk',
      };
  }
}

/** One malformed request against `route`, authenticated the way that route expects (or not at all). */
export function fuzzRequest(r: Rand, route: RouteInfo, auth: { cookie: string; bearer: string; csrf: string }): FuzzRequest {
  const path = route.path.replace(/:[A-Za-z]+/g, () => (r() < 0.15 ? '00000000-0000-4000-8000-000000000000' : pick(r, TRAVERSAL)));
  const query =
    r() < 0.3
      ? `?${pick(r, ['period[$gt]=', 'site=%ff', 'from=9999-99-99', 'channel=__proto__', 'page=-1', 'q=' + 'x'.repeat(10_000), 'lang=../../etc'])}`
      : '';
  const headers: Record<string, string> = {};
  const who = r();
  if (route.kind === 'api' && who < 0.5) headers.authorization = `Bearer ${auth.bearer}`;
  else if (route.kind !== 'public' && who < 0.9) headers.cookie = auth.cookie;
  if (route.path.endsWith('/responses') && r() < 0.5) headers['idempotency-key'] = pick(r, ['$gt', '../x', 'k'.repeat(500), 'ok-key']);
  const base = { method: route.method.toUpperCase(), path: path + query, headers };
  if (route.method === 'get' || route.method === 'delete') return { ...base, kind: 'bad path/query' };
  if (route.kind === 'uploads') {
    const m = multipartBody(r, auth.csrf);
    return { ...base, headers: { ...headers, 'content-type': m.type }, body: m.body, kind: m.kind };
  }
  if (route.kind === 'api') {
    const j = jsonBody(r);
    return {
      ...base,
      headers: { ...headers, 'content-type': j.type ?? 'application/json', ...(j.encoding ? { 'content-encoding': j.encoding } : {}) },
      body: j.body,
      kind: j.kind,
    };
  }
  const f = formBody(r, route.kind === 'pages' ? auth.csrf : null);
  return { ...base, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: f.body, kind: f.kind };
}
