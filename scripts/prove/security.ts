/**
 * Proof 5, the cheap security checks against the real server: session cookie
 * flags (plain and behind a TLS proxy), entropy of link and API tokens, CSRF
 * refusal, login lock-out, unauthenticated sockets refused; and the dependency
 * audit, printed but never failing the run.
 */
import { execFile } from 'node:child_process';
import { io as connect } from 'socket.io-client';
import { startServerProcess } from './server';
import type { ProofResult } from './result';
import { buildProveWorld, PROVE_PASSWORD, removeWorld, type ProveWorld } from './world';

const bitsOf = (base64url: string) => Math.floor((base64url.length * 6) / 8) * 8;

async function login(url: string, email: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
}

function checkTokens(world: ProveWorld, sessionId: string, fail: (m: string) => void): string {
  const personal = Math.min(...world.recipients.map((r) => bitsOf(r.token)));
  const api = bitsOf(world.apiToken.replace(/^sst_/, ''));
  // The session id is signed: "s:<id>.<signature>", uid-safe base64url.
  const session = bitsOf(decodeURIComponent(sessionId).replace(/^s:/, '').split('.')[0]!);
  const distinct = new Set(world.recipients.map((r) => r.token)).size === world.recipients.length;
  if (personal < 128) fail(`personal link tokens have ${personal} bits`);
  if (api < 128) fail(`API tokens have ${api} bits`);
  if (session < 128) fail(`session ids have ${session} bits`);
  if (!distinct) fail('two personal tokens are equal');
  const siteLink = Math.min(...world.siteLinkIds.map(bitsOf));
  if (siteLink < 128) fail(`site QR link ids have ${siteLink} bits`);
  return `tokens: personal link ${personal} bits, API ${api} bits, session ${session} bits, site QR link ids ${siteLink} bits`;
}

function cookieFlags(setCookie: string[]): string {
  const sid = setCookie.find((c) => c.startsWith('ss.sid=')) ?? '';
  return ['HttpOnly', 'SameSite=Lax', 'Secure'].filter((f) => sid.toLowerCase().includes(f.toLowerCase())).join('+');
}

export function npmAuditSummary(cwd: string): Promise<string> {
  return new Promise((resolve) => {
    execFile('npm', ['audit', '--omit=dev', '--json'], { cwd, timeout: 60_000, maxBuffer: 20 * 1024 * 1024 }, (_err, stdout) => {
      try {
        const report = JSON.parse(stdout) as { metadata?: { vulnerabilities?: Record<string, number> }; error?: { summary?: string }; message?: string };
        if (report.error || !report.metadata) return resolve(`npm audit unavailable: ${report.error?.summary ?? report.message ?? 'no report'}`);
        const v = report.metadata?.vulnerabilities ?? {};
        resolve(`npm audit --omit=dev: ${['critical', 'high', 'moderate', 'low', 'info'].map((k) => `${k} ${v[k] ?? 0}`).join(', ')}`);
      } catch {
        resolve(`npm audit unavailable: ${stdout.slice(0, 120) || 'no output (offline?)'}`);
      }
    });
  });
}

export async function proveSecurity(): Promise<ProofResult> {
  const world = await buildProveWorld({ recipients: 50 });
  const problems: string[] = [];
  const fail = (m: string) => problems.push(m);
  const figures: string[] = [];
  let server = await startServerProcess(world.dir, { LOGIN_MAX_ATTEMPTS: '5' });
  try {
    const ok = await login(server.url, world.adminEmail, PROVE_PASSWORD);
    const cookies = ok.headers.getSetCookie();
    const plain = cookieFlags(cookies);
    if (plain !== 'HttpOnly+SameSite=Lax') fail(`plain http session cookie flags ${plain}`);
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
    figures.push(checkTokens(world, cookie.replace(/^.*ss\.sid=/, '').split(';')[0]!, fail));

    // CSRF: a form post with the session but without (or with a wrong) token is refused.
    const form = (body: string) =>
      fetch(`${server.url}/admin/sites`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body,
        redirect: 'manual',
      });
    const noToken = (await form('code=X9&name=csrf&city=x')).status;
    const badToken = (await form('_csrf=forged&code=X9&name=csrf&city=x')).status;
    if (noToken !== 403 || badToken !== 403) fail(`CSRF: without token ${noToken}, forged ${badToken} (want 403)`);
    figures.push(`CSRF refused ${noToken}/${badToken}`);

    // Lock-out: after LOGIN_MAX_ATTEMPTS wrong passwords, even the right one is refused.
    const wrong: number[] = [];
    for (let i = 0; i < 5; i++) wrong.push((await login(server.url, world.analystEmail, 'wrong-password')).status);
    const afterLock = await login(server.url, world.analystEmail, PROVE_PASSWORD);
    if (wrong.some((s) => s !== 401 && s !== 429) || afterLock.status === 200)
      fail(`lock-out: wrong ${wrong.join(',')}, then right password → ${afterLock.status}`);
    figures.push(`lock-out after 5 wrong: right password → ${afterLock.status}`);

    // Sockets: without a session the handshake is refused.
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect(server.url, { transports: ['websocket'], reconnection: false, timeout: 5000 });
      s.once('connect', () => (s.close(), resolve(false)));
      s.once('connect_error', () => (s.close(), resolve(true)));
    });
    if (!refused) fail('a socket without a session connected');
    figures.push(`anonymous socket ${refused ? 'refused' : 'ACCEPTED'}`);
    await server.kill('SIGTERM');

    // Behind a TLS proxy the cookie must also be Secure.
    server = await startServerProcess(world.dir, { TRUST_PROXY: 'true', PUBLIC_URL: 'https://survey.example.test' });
    const tls = cookieFlags((await login(server.url, world.adminEmail, PROVE_PASSWORD, { 'x-forwarded-proto': 'https' })).headers.getSetCookie());
    if (tls !== 'HttpOnly+SameSite=Lax+Secure') fail(`https session cookie flags ${tls}`);
    figures.unshift(`cookie ${plain} (http), ${tls} (https proxy)`);
  } finally {
    await server.kill('SIGKILL');
    removeWorld(world);
  }
  return { name: 'security', pass: problems.length === 0, figures: figures.join('; ') + (problems.length ? `; PROBLEMS: ${problems.join('; ')}` : '') };
}
