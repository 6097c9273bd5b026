/**
 * Proof 6: script injection. Payloads typed into every free-text field are stored
 * through the real forms (with their CSRF tokens) and the JSON API, each by the
 * role that types it, and every page that shows them is opened in Chromium:
 * no payload may run (window.__xss stays undefined, no dialog), none may become
 * markup (no event-handler attribute, inline <script>, javascript: link or frame
 * in the DOM), no Content-Security-Policy report may fire (the CSP would block an
 * inline script and so hide an injection), no script may throw, and the page must
 * show each payload as literal text (page text, title and form-control values).
 * A canary page serving the same payloads unescaped, and a real page with one field's
 * escaping undone, must trip the checks, so the checks can fail.
 *
 * Free-text fields (from server/http and server/views) → pages that show them:
 *   operator  enterprise name, first admin's name (/operator/enterprises form)
 *             → /operator/enterprises, home, respondent pages, poster, audit report, outbox subjects
 *   admin     site name, city, address (/admin/sites form) → /admin/sites, campaign pages, poster,
 *               dashboard (filters, ranking, comments), call cases, visit plans, shoppers (cities),
 *               shopper and reviewer visit pages, audit entry and projection, audit report, respondent pages
 *             user names of every role (/admin/users form) → /admin/users, home, follow-ups (assignee,
 *               callback author), call supervisor (agents), visit plan (shoppers), review pages
 *             API token name (/admin/tokens form) → /admin/tokens
 *             survey template imported as JSON (/templates/import form): name, description, section
 *               title, question prompt and help, option labels and values, rating end labels
 *               → templates list, builder (script-rendered inputs), preview, campaign pages,
 *               respondent forms /s/:token and /f/:siteLink, dashboard comments, follow-up answers
 *             mystery checklist (JSON API): name, section title, item prompt, text-question prompt
 *               → preview, visit plans, shopper visit form, review page, dashboard comments
 *             campaign name and privacy contact (/campaigns form) → campaigns, campaign, import page,
 *               respondent pages (privacy notice and thanks), outbox subjects, invitation email
 *             recipient case id (API) and CSV upload file name (multipart form) → campaign, import page
 *             call cases: customer name, service type (API; a CSV upload, whose file name is a payload)
 *               → call cases, call list, call import page, agent pages
 *             visit plan name (/visit-plans form) → visit plans, visit plan
 *   public    survey answers: comment and option value, from Chromium on /s/:token, a walk-in POST
 *               on /f/:siteLink, the ingestion API → dashboard comments (server-rendered and redrawn
 *               by script, and live after a socket push), follow-up task answers; a refused form
 *               echoes the typed comment back into its textarea
 *   agent     follow-up callback and resolution notes (forms) → follow-up task; call attempt note
 *               and call-script comment → agent case page, dashboard comments
 *   shopper   visit report: text answer, checklist-item comment, general comments; decline reason (API)
 *               → shopper visit form (returned), review page and its history, dashboard comments
 *   reviewer  return comments, correction reason (API) → shopper visit page, review history
 *   auditor   certification stage note, entry reason, nonconformity note and evidence, bonus
 *               reason, deduction reason and evidence (forms + API) → audits, audit entry page,
 *               projection, audit report
 *   reflected login ?next= and a refused login's email, dashboard comment search ?q=, an unknown
 *             ?site= named on the error page, a refused campaign form's typed name
 * Not checked: the audit's own note (stored, shown on no page), recipient names (shown masked to
 * their first character), photo file names (thumbnail alt text; photo uploads are not driven here).
 * The invitation email is checked as HTML without a CSP, as a mail client would render it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP, launchBrowser, PHONE, screenshot } from '../../test/helpers/browser';
import { openIndexedStore } from '../../server/compose';
import { OUTBOX } from '../../server/mail/outbox';
import { openStore } from '../../server/store';
import { insertUser } from '../../server/services/accounts/users';
import { loadDefaultTemplates } from '../../server/services/templates/defaults';
import type { LocalizedText, Question, TemplateContent } from '../../server/services/templates/types';
import { withoutBidiControls } from '../../server/services/text';
import type { ProofResult } from './result';
import { startServerProcess, type ServerProcess } from './server';

const PASSWORD = 'xss-prove-pass-1';
const SESSION_COOKIE = 'ss.sid';

/** What each payload tries; every one that ran would count up window.__xss. */
export const PAYLOADS = {
  img: '<img src=x onerror="window.__xss=(window.__xss||0)+1">',
  script: '"><script>window.__xss=(window.__xss||0)+1</script>',
  svg: "'><svg onload=window.__xss=(window.__xss||0)+1>",
  closers: '</textarea></title></script></style><img src=x onerror=window.__xss=1>',
  javascript: 'javascript:window.__xss=(window.__xss||0)+1',
  template: '{{constructor.constructor "window.__xss=1"}}{{{body}}}',
  unicode: '\u202Eexe.txt\u202C \u200B\u200D e\u0301 𝕏 مرحبا <b>',
  /** For fields of 40–60 characters. */
  short: '<svg onload=window.__xss=1>',
} as const;
type Kind = keyof typeof PAYLOADS;

/** The stored value of one field: the payload plus the field's name, so a page shows which field it echoes. */
const valueOf = (kind: Kind, key: string) => `${PAYLOADS[kind]} #${key}`;

const FIELDS = {
  'enterprise.name': 'img',
  'admin.name': 'script',
  'site.name': 'closers',
  'site.city': 'short',
  'site.address': 'javascript',
  'analyst.name': 'svg',
  'agent.name': 'img',
  'shopper.name': 'template',
  'reviewer.name': 'unicode',
  'auditor.name': 'script',
  'token.name': 'template',
  'survey.name': 'closers',
  'survey.description': 'unicode',
  'survey.section': 'svg',
  'survey.prompt': 'script',
  'survey.help': 'img',
  'survey.option': 'template',
  'survey.optionValue': 'short',
  'survey.low': 'img',
  'survey.high': 'javascript',
  'survey.commentPrompt': 'closers',
  'mystery.name': 'img',
  'mystery.section': 'script',
  'mystery.item': 'svg',
  'mystery.textPrompt': 'closers',
  'campaign.name': 'closers',
  'campaign.privacy': 'javascript',
  'recipient.caseId': 'short',
  'upload.fileName': 'short',
  'answer.personal': 'img',
  'answer.walkIn': 'script',
  'answer.api': 'unicode',
  'answer.live': 'svg',
  'followUp.callback': 'img',
  'followUp.resolution': 'script',
  'call.customer': 'img',
  'call.type': 'short',
  'call.note': 'script',
  'call.comment': 'closers',
  'plan.name': 'script',
  'visit.text': 'img',
  'visit.itemComment': 'svg',
  'visit.comments': 'closers',
  'visit.return': 'template',
  'visit.correction': 'javascript',
  'audit.stage': 'img',
  'audit.reason': 'script',
  'audit.ncNote': 'closers',
  'audit.ncEvidence': 'svg',
  'audit.bonus': 'script',
  'audit.deduction': 'img',
  'audit.deductionEvidence': 'template',
  'visit.decline': 'unicode',
  'callImport.fileName': 'short',
  'reflected.next': 'script',
  'reflected.email': 'img',
  'reflected.site': 'short',
} as const satisfies Record<string, Kind>;
type Field = keyof typeof FIELDS;

// Upload file names cannot hold a double quote (multipart quoting) and end in .csv.
const F = (key: Field): string => (key.endsWith('.fileName') ? `${PAYLOADS[FIELDS[key]]}#${key.split('.')[0]}.csv` : valueOf(FIELDS[key], key));
const both = (key: Field): LocalizedText => ({ 'zh-CN': F(key), en: F(key) });

// ---------------------------------------------------------------------------------------------
// HTTP: a person's session (cookie jar + CSRF token) against the server process.

class Client {
  private cookies = new Map<string, string>();
  private csrf = '';
  constructor(readonly base: string) {}

  sessionId(): string | undefined {
    return this.cookies.get(SESSION_COOKIE);
  }

  async request(method: string, pathname: string, init: { body?: string | FormData; headers?: Record<string, string> } = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.base + pathname, { method, body: init.body, headers: { ...(cookie ? { cookie } : {}), ...init.headers }, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0]!;
      this.cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return res;
  }

  /** GETs a page (following redirects, 200 expected) and keeps its CSRF token. */
  async page(pathname: string): Promise<string> {
    let res = await this.request('GET', pathname);
    for (let hops = 0; hops < 3 && (res.status === 302 || res.status === 303); hops++) res = await this.request('GET', res.headers.get('location')!);
    const html = await res.text();
    if (res.status !== 200) throw new Error(`GET ${pathname} → ${res.status}: ${snippet(html)}`);
    const token = /name="_csrf" value="([^"]+)"/.exec(html);
    if (token) this.csrf = token[1]!;
    return html;
  }

  async login(email: string): Promise<this> {
    await this.page('/login');
    const res = await this.request('POST', '/login', {
      body: new URLSearchParams({ _csrf: this.csrf, email, password: PASSWORD, next: '/' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    if (res.status !== 302 && res.status !== 303) throw new Error(`login ${email} → ${res.status}: ${snippet(await res.text())}`);
    this.csrf = ''; // the session was regenerated, and its token with it
    return this;
  }

  /**
   * Posts a page form with the session's CSRF token. A redirect is followed, and an
   * error flash there (how a refused form reports) fails the step; returns where it landed.
   */
  async form(pathname: string, fields: Record<string, string | string[]>): Promise<{ location: string; html: string }> {
    if (!this.csrf) await this.page('/');
    const body = new URLSearchParams({ _csrf: this.csrf });
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const res = await this.request('POST', pathname, { body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    return this.landed(pathname, res);
  }

  async upload(pathname: string, form: FormData): Promise<{ location: string; html: string }> {
    if (!this.csrf) await this.page('/');
    form.append('_csrf', this.csrf);
    return this.landed(pathname, await this.request('POST', pathname, { body: form }));
  }

  private async landed(pathname: string, res: Response): Promise<{ location: string; html: string }> {
    if (res.status >= 400) throw new Error(`POST ${pathname} → ${res.status}: ${snippet(await res.text())}`);
    if (res.status !== 302 && res.status !== 303) return { location: pathname, html: await res.text() };
    const location = res.headers.get('location')!;
    const html = await (await this.request('GET', location)).text();
    const error = /<p class="flash flash-error"[^>]*>([^<]*)</.exec(html);
    if (error) throw new Error(`POST ${pathname} refused: ${decodeEntities(error[1]!)}`);
    return { location, html };
  }

  async api<T = Record<string, unknown>>(method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await this.request(method, `/api/v1${pathname}`, {
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} /api/v1${pathname} → ${res.status}: ${snippet(text)}`);
    return (text ? JSON.parse(text) : {}) as T;
  }
}

/** Handlebars' escaping of `{{value}}`. */
const handlebarsEscape = (s: string) =>
  s.replace(/[&<>"'`=]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' })[c]!);
const snippet = (text: string) => text.replace(/\s+/g, ' ').slice(0, 300);
const decodeEntities = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&amp;/g, '&');
const idFrom = (location: string, prefix: string) => {
  const m = new RegExp(`^${prefix}/([^/?#]+)`).exec(location);
  if (!m) throw new Error(`expected a redirect to ${prefix}/<id>, got ${location}`);
  return m[1]!;
};
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await sleep(200);
  }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Local dates of the enterprise (UTC+8, the default offset). */
const day = (offsetDays: number) => new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------
// Chromium: open a page as someone, then look for anything that ran or became markup.

interface PageFindings {
  xss: unknown;
  text: string;
  injected: string[];
  csp: string[];
}

/** Runs in the page: opens <details>, gathers visible text and control values, lists anything executable. */
function inspectDom(): PageFindings {
  for (const d of Array.from(document.querySelectorAll('details'))) d.open = true;
  const controls = Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea'))
    .filter((e) => e.type !== 'password' && e.type !== 'file')
    .map((e) => e.value);
  const options = Array.from(document.querySelectorAll('option')).map((o) => o.textContent ?? '');
  const injected: string[] = [];
  for (const el of Array.from(document.querySelectorAll('*'))) {
    for (const a of Array.from(el.attributes)) {
      if (/^on/i.test(a.name)) injected.push(`<${el.localName} ${a.name}="${a.value.slice(0, 40)}">`);
      if (/^(href|src|action|formaction|xlink:href|srcdoc|data)$/i.test(a.name) && /^\s*(javascript|vbscript|data:text\/html)/i.test(a.value))
        injected.push(`<${el.localName} ${a.name}="${a.value.slice(0, 40)}">`);
    }
    if (el.localName === 'script' && !el.getAttribute('src') && el.getAttribute('type') !== 'application/json')
      injected.push(`<script>${(el.textContent ?? '').slice(0, 40)}`);
    if (['iframe', 'frame', 'object', 'embed', 'base'].includes(el.localName)) injected.push(`<${el.localName}>`);
  }
  const w = window as unknown as { __xss?: unknown; __csp?: string[] };
  return { xss: w.__xss, text: [document.title, document.body.innerText, ...controls, ...options].join('\n'), injected, csp: w.__csp ?? [] };
}

/**
 * Whitespace runs as one space (innerText breaks lines at element edges and tabs), and without bidi
 * controls: text entered over HTTP is stored without them (services/text.ts), text seeded directly keeps them.
 */
/**
 * Waits for what may still fire after `load` (an image's error handler, a deferred script,
 * a CSP violation report, all queued as tasks) by the page's own events, not a fixed time:
 * the network goes quiet, two frames are painted, and one more task turn runs.
 */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))));
}

const flat = (s: string) => withoutBidiControls(s).replace(/\s+/g, ' ');

interface Tally {
  pages: number;
  /** The fields some page was checked for. */
  fields: Set<Field>;
  fieldChecks: number;
  problems: string[];
}

class Inspector {
  readonly tally: Tally = { pages: 0, fields: new Set(), fieldChecks: 0, problems: [] };
  private contexts: BrowserContext[] = [];

  constructor(
    private readonly browser: Browser,
    readonly base: string,
    private readonly takeScreenshots: boolean,
  ) {}

  /** A browser context signed in as `who` (its session cookie), or anonymous. */
  async contextFor(who: Client | null, device = DESKTOP): Promise<BrowserContext> {
    const context = await this.browser.newContext({ ...device, locale: 'zh-CN' });
    this.contexts.push(context);
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
    });
    const sid = who?.sessionId();
    if (sid) await context.addCookies([{ name: SESSION_COOKIE, value: sid, url: this.base, httpOnly: true, sameSite: 'Lax' }]);
    return context;
  }

  /** A page of `context` that records dialogs and script errors until it is checked. */
  async open(context: BrowserContext): Promise<{ page: Page; events: string[] }> {
    const page = await context.newPage();
    const events: string[] = [];
    page.on('dialog', (d) => {
      events.push(`dialog ${d.type()}: ${d.message().slice(0, 60)}`);
      void d.dismiss();
    });
    page.on('pageerror', (err) => events.push(`script error: ${err.message.slice(0, 120)}`));
    // The console names what the policy blocked, also where no violation event reaches the page.
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) events.push(`CSP console: ${m.text().slice(0, 120)}`);
    });
    return { page, events };
  }

  /** Opens `pathname` as `context` and checks it shows every field in `fields` literally and runs nothing. */
  async check(context: BrowserContext, pathname: string, fields: Field[], opts: { ready?: string; screenshot?: string; status?: number } = {}): Promise<Page> {
    const { page, events } = await this.open(context);
    const res = await page.goto(this.base + pathname, { waitUntil: 'load' });
    if ((res?.status() ?? 0) !== (opts.status ?? 200)) this.tally.problems.push(`${pathname}: status ${res?.status()}`);
    await this.verify(page, events, pathname, fields, opts);
    return page;
  }

  /** The checks on whatever `page` shows now (after a navigation, a form post or a live update). */
  async verify(page: Page, events: string[], label: string, fields: Field[], opts: { ready?: string; screenshot?: string } = {}): Promise<void> {
    if (opts.ready)
      await page.waitForSelector(opts.ready, { state: 'attached' }).catch(() => this.tally.problems.push(`${label}: ${opts.ready} never appeared`));
    await settled(page);
    const found = await page.evaluate(inspectDom);
    const problems: string[] = [];
    if (found.xss !== undefined) problems.push(`window.__xss = ${String(found.xss)}`);
    problems.push(...found.injected.map((i) => `markup from data: ${i}`));
    problems.push(...found.csp.map((c) => `CSP violation: ${c}`));
    problems.push(...events);
    const text = flat(found.text);
    for (const f of fields) if (!text.includes(flat(F(f)))) problems.push(`${f} not shown literally`);
    this.tally.pages += 1;
    this.tally.fieldChecks += fields.length;
    for (const f of fields) this.tally.fields.add(f);
    this.tally.problems.push(...problems.map((p) => `${label}: ${p}`));
    if (opts.screenshot && this.takeScreenshots) await screenshot(page, opts.screenshot);
    events.length = 0;
  }

  /**
   * The checks must be able to fail: a page served (through the browser's router) with the
   * payloads unescaped, under the server's own CSP header, must trip the DOM and CSP checks,
   * and without a CSP the payloads must run.
   */
  async canary(csp: string): Promise<string[]> {
    const context = await this.contextFor(null);
    const body =
      Object.values(PAYLOADS)
        .map((p) => `<p>${p}</p>`)
        .join('') + '<a href="javascript:window.__xss=1">x</a>';
    const missed: string[] = [];
    for (const withCsp of [true, false]) {
      const url = `${this.base}/__xss-canary-${withCsp ? 'csp' : 'plain'}`;
      await context.route(url, (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html',
          headers: withCsp ? { 'content-security-policy': csp } : {},
          body: `<!doctype html><title>canary</title><body>${body}</body>`,
        }),
      );
      const { page } = await this.open(context);
      await page.goto(url, { waitUntil: 'load' });
      await settled(page);
      const found = await page.evaluate(inspectDom);
      if (found.injected.length === 0) missed.push('markup check');
      if (withCsp && found.csp.length === 0) missed.push('CSP check');
      if (!withCsp && found.xss === undefined) missed.push('window.__xss check');
      await page.close();
    }
    return missed;
  }

  /**
   * A real page with one field's escaping undone (as a view with {{{…}}} would send it) must be
   * flagged: proves the checks bite on the app's own pages, CSP and scripts, not only on the canary.
   */
  async mutant(context: BrowserContext, pathname: string, field: Field): Promise<string[]> {
    const url = this.base + pathname;
    const raw = F(field);
    await context.route(url, async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: (await res.text()).split(handlebarsEscape(raw)).join(raw) });
    });
    const before = this.tally.problems.length;
    const { page, events } = await this.open(context);
    await page.goto(url, { waitUntil: 'load' });
    await this.verify(page, events, `mutant ${pathname}`, []);
    await context.unroute(url);
    await page.close();
    const flagged = this.tally.problems.splice(before);
    this.tally.pages -= 1;
    return flagged.some((p) => p.includes('markup from data')) && flagged.some((p) => p.includes('CSP'))
      ? []
      : [`mutant ${pathname} (${flagged.length} findings)`];
  }

  /** HTML that is not a page of the server (an email body): served as is, without the CSP a mail client lacks. */
  async checkHtml(label: string, html: string, fields: Field[]): Promise<void> {
    const context = await this.contextFor(null);
    const url = `${this.base}/__mail-${crypto.randomUUID()}`;
    await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    const { page, events } = await this.open(context);
    await page.goto(url, { waitUntil: 'load' });
    await this.verify(page, events, label, fields);
    await page.close();
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Templates with payloads in every text a respondent, shopper or agent reads.

function surveyTemplate(): TemplateContent {
  const base = loadDefaultTemplates().find((t) => t.channel === 'survey')!;
  const questions = new Map(base.sections.flatMap((s) => s.questions).map((q) => [q.id, q]));
  const serviceType = questions.get('service_type')!;
  const options = serviceType.options!.map((o, i) => (i === 0 ? { value: F('survey.optionValue'), label: both('survey.option') } : o));
  const overall: Question = { ...questions.get('overall_satisfaction')!, scaleLabels: [both('survey.low'), both('survey.high')] };
  return {
    channel: 'survey',
    name: both('survey.name'),
    description: both('survey.description'),
    catalogue: base.catalogue,
    sections: [
      {
        id: 'xss',
        title: both('survey.section'),
        questions: [
          { ...serviceType, prompt: both('survey.prompt'), help: both('survey.help'), options },
          overall,
          questions.get('recommend')!,
          { ...questions.get('comment')!, prompt: both('survey.commentPrompt') },
        ],
      },
    ],
  };
}

function mysteryTemplate(): TemplateContent {
  const base = loadDefaultTemplates().find((t) => t.channel === 'mystery')!;
  return {
    ...base,
    name: both('mystery.name'),
    sections: base.sections.map((s, i) => ({
      ...s,
      title: i === 0 ? both('mystery.section') : s.title,
      questions: s.questions.map((q) =>
        q.id === 'sign_visible' ? { ...q, prompt: both('mystery.item') } : q.id === 'staff_description' ? { ...q, prompt: both('mystery.textPrompt') } : q,
      ),
    })),
  };
}

/** Every answer of the shipped mystery checklist: all yes but one no (with its comment), and a text answer. */
function mysteryAnswers(content: TemplateContent): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const q of content.sections.flatMap((s) => s.questions)) {
    if (q.type === 'checklist') answers[q.id] = q.id === 'premises_clean' ? 'no' : 'yes';
    else if (q.type === 'number') answers[q.id] = 5;
    else if (q.type === 'text') answers[q.id] = F('visit.text');
  }
  return answers;
}

/** Accepts, with the prove password, the invitation the server mailed to `email` (read from its outbox in the store, beside the running server). */
async function acceptInvitation(base: string, dataDir: string, email: string): Promise<void> {
  const secretIn = async (): Promise<string | null> => {
    // SQLite's write-ahead log lets a reader of our own in beside the running server.
    const store = await openStore({ dataDir });
    try {
      for (const mail of await store.collection<{ _id: string; to: string; text?: string }>(OUTBOX).find({ to: email })) {
        const link = /\/set-password\/([\w-]+)/.exec(mail.text ?? '');
        if (link) return link[1]!;
      }
      return null;
    } finally {
      await store.close();
    }
  };
  const secret = (await waitFor(secretIn, (found) => found !== null))!;
  const invitee = new Client(base);
  await invitee.page(`/set-password/${secret}`);
  await invitee.form(`/set-password/${secret}`, { password: PASSWORD });
}

// ---------------------------------------------------------------------------------------------

interface World {
  dir: string;
  operatorEmail: string;
}

async function buildWorld(): Promise<World> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicestar-xss-'));
  const store = await openIndexedStore({ dataDir: dir });
  try {
    // The one account the HTTP steps cannot create: the platform operator.
    const operatorEmail = 'operator@xss.test';
    await insertUser(store, { enterpriseId: null, email: operatorEmail, name: 'Operator', role: 'operator', password: PASSWORD });
    return { dir, operatorEmail };
  } finally {
    await store.close();
  }
}

const EMAIL = {
  admin: 'admin@xss.test',
  analyst: 'analyst@xss.test',
  agent: 'agent@xss.test',
  shopper: 'shopper@xss.test',
  reviewer: 'reviewer@xss.test',
  auditor: 'auditor@xss.test',
} as const;
const USER_FIELD = { analyst: 'analyst.name', agent: 'agent.name', shopper: 'shopper.name', reviewer: 'reviewer.name', auditor: 'auditor.name' } as const;

export interface XssOptions {
  /** false: the shortened run of `npm test` (accounts, templates, the survey loop, dashboard, follow-ups). */
  full: boolean;
  screenshots?: boolean;
}

/** Stores the payloads step by step and checks each page once what it shows exists. */
async function run(server: ServerProcess, world: World, inspector: Inspector, full: boolean, missed: string[]): Promise<string[]> {
  const base = server.url;
  const steps: string[] = [];
  const check = inspector.check.bind(inspector);

  // Operator: the enterprise and its first admin.
  const operator = await new Client(base).login(world.operatorEmail);
  await operator.form('/operator/enterprises', { code: 'xss-a', name: F('enterprise.name'), adminEmail: EMAIL.admin, adminName: F('admin.name') });
  await acceptInvitation(base, world.dir, EMAIL.admin);
  await check(await inspector.contextFor(operator), '/operator/enterprises', ['enterprise.name']);

  // Admin: site, people, API token.
  const admin = await new Client(base).login(EMAIL.admin);
  await admin.form('/admin/sites', { code: 'X1', name: F('site.name'), city: F('site.city'), address: F('site.address'), managerEmail: '' });
  for (const [role, field] of Object.entries(USER_FIELD)) {
    await admin.form('/admin/users', { email: EMAIL[role as keyof typeof USER_FIELD], name: F(field), role });
    await acceptInvitation(base, world.dir, EMAIL[role as keyof typeof USER_FIELD]);
  }
  const tokenPage = await admin.form('/admin/tokens', { name: F('token.name'), role: 'admin' });
  const apiToken = /<code class="secret">([^<]+)<\/code>/.exec(tokenPage.html)?.[1];
  if (!apiToken) throw new Error('the token page did not show the new token');
  const site = (await admin.api<{ sites: Array<{ _id: string; code: string }> }>('GET', '/sites')).sites.find((s) => s.code === 'X1')!;
  const users = new Map((await admin.api<{ users: Array<{ _id: string; email: string }> }>('GET', '/users')).users.map((u) => [u.email, u._id]));
  const adminPages = await inspector.contextFor(admin);
  // `/` sends each role to its work now; the report's heading names the enterprise, the users page the admin.
  await check(adminPages, '/reports/audit', ['enterprise.name']);
  await check(adminPages, '/admin/sites', ['site.name', 'site.city']);
  missed.push(...(await inspector.mutant(adminPages, '/admin/sites', 'site.name')));
  await check(adminPages, '/admin/users', ['admin.name', ...Object.values(USER_FIELD)]);
  await check(adminPages, '/admin/tokens', ['token.name']);
  steps.push('accounts');

  // Templates: the survey imported as JSON (page form), the mystery checklist by API, the call script from the default.
  const survey = idFrom((await admin.form('/templates/import', { json: JSON.stringify(surveyTemplate()) })).location, '/templates');
  await admin.form(`/templates/${survey}/publish`, {});
  const mysteryContent = mysteryTemplate();
  const mystery = (await admin.api<{ template: { _id: string } }>('POST', '/templates', mysteryContent)).template._id;
  await admin.api('POST', `/templates/${mystery}/publish`);
  const callStart = loadDefaultTemplates().findIndex((t) => t.channel === 'call');
  const callScript = idFrom((await admin.form('/templates', { start: `default:${callStart}` })).location, '/templates');
  await admin.form(`/templates/${callScript}/publish`, {});
  const surveyFields: Field[] = [
    'survey.name',
    'survey.description',
    'survey.section',
    'survey.prompt',
    'survey.help',
    'survey.option',
    'survey.optionValue',
    'survey.low',
    'survey.high',
    'survey.commentPrompt',
  ];
  const mysteryFields: Field[] = ['mystery.name', 'mystery.section', 'mystery.item', 'mystery.textPrompt'];
  await check(adminPages, '/templates', ['survey.name', 'mystery.name']);
  // The builder edits every text but the help line (kept in the data, not offered for editing).
  await check(
    adminPages,
    `/templates/${survey}`,
    surveyFields.filter((f) => f !== 'survey.help'),
    { ready: '#builder [data-path]', screenshot: 'xss-builder' },
  );
  await check(adminPages, `/templates/${survey}/preview`, surveyFields);
  if (full) await check(adminPages, `/templates/${mystery}/preview`, mysteryFields);
  steps.push('templates');

  // Campaign, recipients (API and a CSV upload whose file name is a payload).
  const newCampaign = await check(adminPages, '/campaigns/new', ['survey.name', 'site.name']);
  if (full) {
    // A refused form comes back with what was typed.
    await newCampaign.fill('#name', F('campaign.name'));
    await newCampaign.fill('#privacyContact', 'x');
    await Promise.all([newCampaign.waitForNavigation(), newCampaign.click('form[action="/campaigns"] button[type="submit"]')]);
    await inspector.verify(newCampaign, [], '/campaigns/new refused (name echoed)', ['campaign.name', 'survey.name', 'site.name']);
  }
  const campaign = idFrom(
    (
      await admin.form('/campaigns', {
        name: F('campaign.name'),
        version: `${survey}@1`,
        siteIds: site._id,
        startsOn: day(0),
        endsOn: day(30),
        afterDays: '3',
        maxCount: '2',
        privacyContact: F('campaign.privacy'),
      })
    ).location,
    '/campaigns',
  );
  await admin.api('POST', `/campaigns/${campaign}/recipients`, [
    { name: 'Recipient', phone: '13800138000', email: 'r1@xss.test', siteCode: 'X1', caseId: F('recipient.caseId') },
    { phone: '13800138001', siteCode: 'X1', caseId: 'plain-2' },
  ]);
  const csv = new FormData();
  csv.append('encoding', 'utf-8');
  csv.append(
    'file',
    new Blob([`name,phone,site_code,case_id\nCSV person,13800138002,X1,${F('recipient.caseId').replace('recipient.caseId', 'csv')}\n`], { type: 'text/csv' }),
    F('upload.fileName'),
  );
  const importPath = (await admin.upload(`/upload/campaigns/${campaign}/recipients`, csv)).location;
  const smsCsv = await (await admin.request('GET', `/campaigns/${campaign}/sms.csv`)).text();
  const personal = /\/s\/([A-Za-z0-9_-]+)/.exec(smsCsv)?.[1];
  if (!personal) throw new Error('the SMS export held no personal link');
  const campaignHtml = await admin.page(`/campaigns/${campaign}`);
  const siteLink = /\/f\/([A-Za-z0-9_-]+)/.exec(campaignHtml)?.[1];
  if (!siteLink) throw new Error('the campaign page showed no site link');
  await check(adminPages, '/campaigns', ['campaign.name', 'survey.name']);
  await check(adminPages, `/campaigns/${campaign}`, ['campaign.name', 'survey.name', 'site.name', 'recipient.caseId', 'upload.fileName']);
  await check(adminPages, importPath, ['campaign.name', 'upload.fileName']);
  if (full) await check(adminPages, `/campaigns/${campaign}/sites/${site._id}/poster`, ['enterprise.name', 'site.name', 'site.address']);
  if (full) {
    // Invitations land in the outbox (no SMTP): its page lists subjects; the HTML body is what a mail client renders.
    await admin.form(`/campaigns/${campaign}/invitations`, {});
    const mails = await waitFor(
      async () => (await admin.api<{ messages: Array<{ id: string }> }>('GET', '/outbox')).messages,
      (m) => m.length > 0,
    );
    await check(adminPages, '/admin/outbox', ['enterprise.name']);
    const eml = await (await admin.request('GET', `/api/v1/outbox/${encodeURIComponent(mails[0]!.id)}`)).text();
    const html = (await simpleParser(eml)).html;
    if (!html) inspector.tally.problems.push('the invitation has no HTML part');
    else await inspector.checkHtml('invitation email (HTML, no CSP)', html, ['enterprise.name', 'site.name']);
  }
  steps.push('campaign');

  // Respondents. In Chromium on the personal link: a refused submit echoes the typed comment, then the real one.
  const phone = await inspector.contextFor(null, PHONE);
  const respondent = await inspector.open(phone);
  const form = respondent.page;
  const surveyShown: Field[] = ['enterprise.name', 'site.name', 'campaign.privacy', ...surveyFields];
  await form.goto(`${base}/s/${personal}`, { waitUntil: 'load' });
  await inspector.verify(form, respondent.events, '/s/:token', surveyShown);
  await form.fill('textarea[name="a_comment"]', F('answer.personal'));
  await Promise.all([form.waitForNavigation(), form.click('button.survey-submit')]);
  await inspector.verify(form, respondent.events, '/s/:token refused (answers echoed)', [...surveyShown, 'answer.personal'], {
    screenshot: 'xss-respondent-echo',
  });
  await form.locator('input[name="a_service_type"]').first().check({ force: true });
  await form.locator('input[name="a_overall_satisfaction"][value="1"]').check({ force: true });
  await form.locator('input[name="a_recommend"][value="0"]').check({ force: true });
  await Promise.all([form.waitForNavigation(), form.click('button.survey-submit')]);
  await inspector.verify(form, respondent.events, '/s/:token thanks', ['enterprise.name', 'site.name', 'campaign.privacy'], { ready: '.r-done' });
  await check(phone, `/f/${siteLink}`, surveyShown);
  if (full) await check(await inspector.contextFor(null, PHONE), `/f/${siteLink}?lang=en`, surveyShown);
  // A walk-in posted by plain HTTP (own device cookie), and one through the ingestion API.
  const walkIn = new Client(base);
  await walkIn.page(`/f/${siteLink}`);
  const walkInRes = await walkIn.request('POST', `/f/${siteLink}`, {
    body: new URLSearchParams({
      a_service_type: 'repair',
      a_overall_satisfaction: '2',
      a_recommend: '3',
      a_comment: F('answer.walkIn'),
      page: '0',
      nav: 'submit',
    }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (walkInRes.status !== 200 || !(await walkInRes.text()).includes('r-done')) throw new Error(`walk-in response → ${walkInRes.status}`);
  const ingest = (comment: string) =>
    admin.api(
      'POST',
      '/responses',
      {
        templateId: survey,
        templateVersion: 1,
        siteCode: 'X1',
        channel: 'survey',
        answers: { service_type: 'repair', overall_satisfaction: 5, recommend: 9, comment },
      },
      { authorization: `Bearer ${apiToken}` },
    );
  await ingest(F('answer.api'));
  steps.push('responses');

  // Dashboard: names, comments (server-rendered, then redrawn by script), a reflected search, a live push.
  const comments: Field[] = ['answer.personal', 'answer.walkIn', 'answer.api', 'survey.commentPrompt', 'site.name'];
  await check(adminPages, '/dashboard', ['site.name']);
  if (full) await check(adminPages, '/dashboard/sites', ['site.name']);
  const search = `/dashboard/comments?q=${encodeURIComponent(F('answer.personal'))}`;
  await check(adminPages, search, ['answer.personal', 'site.name']);
  const live = await check(adminPages, '/dashboard/comments', comments, { ready: '#dashboard', screenshot: 'xss-dashboard-comments' });
  await live.waitForFunction(() => document.getElementById('live-state')?.classList.contains('live')).catch(() => undefined);
  await ingest(F('answer.live'));
  const liveValue = flat(F('answer.live'));
  const pushed = await live
    .waitForFunction((v) => document.getElementById('comment-list')!.innerText.replace(/\s+/g, ' ').includes(v), liveValue)
    .then(() => true)
    .catch(() => false);
  if (!pushed) inspector.tally.problems.push('/dashboard/comments: the live update never showed the new comment');
  await inspector.verify(live, [], '/dashboard/comments after a live update', [...comments, 'answer.live']);
  steps.push('dashboard');

  // Follow-ups: the low ratings opened tasks; assign (admin), call back and resolve (agent).
  const tasks = (await admin.api<{ tasks: Array<{ _id: string; rev: number; responseId: string }> }>('GET', '/follow-ups')).tasks;
  const task = tasks[0];
  if (!task) throw new Error('the low ratings opened no follow-up task');
  const rev = async () => (await admin.api<{ task: { rev: number } }>('GET', `/follow-ups/${task._id}`)).task.rev;
  await admin.form(`/follow-ups/${task._id}/assign`, { assigneeId: users.get(EMAIL.agent)!, rev: String(await rev()) });
  const agent = await new Client(base).login(EMAIL.agent);
  await agent.form(`/follow-ups/${task._id}/callback`, { outcome: 'reached', note: F('followUp.callback'), rev: String(await rev()) });
  // A resolution needs a root cause and the action taken: the payload goes in both free-text fields.
  await agent.form(`/follow-ups/${task._id}/resolve`, {
    rootCause: 'other',
    action: F('followUp.resolution'),
    note: F('followUp.resolution'),
    rev: String(await rev()),
  });
  const answered = (await admin.api<{ response: { answers: Record<string, unknown> } }>('GET', `/responses/${task.responseId}`)).response.answers;
  const taskAnswer: Field[] = answered.comment === F('answer.personal') ? ['answer.personal', 'survey.optionValue'] : ['answer.walkIn'];
  await check(adminPages, '/follow-ups', ['agent.name']);
  await check(adminPages, `/follow-ups/${task._id}`, [...taskAnswer, 'followUp.callback', 'followUp.resolution', 'agent.name']);
  const analyst = await new Client(base).login(EMAIL.analyst);
  await check(await inspector.contextFor(analyst), `/follow-ups/${task._id}`, [...taskAnswer, 'followUp.callback', 'followUp.resolution']);
  steps.push('follow-ups');

  // Reflected: the login page keeps ?next= in a hidden field and a refused login its email;
  // an unknown dashboard site is named on the error page.
  const anonymous = await inspector.contextFor(null);
  const login = await check(anonymous, `/login?next=${encodeURIComponent(F('reflected.next'))}`, ['reflected.next']);
  await login.$eval('form[action="/login"]', (f) => ((f as HTMLFormElement).noValidate = true));
  await login.fill('#email', F('reflected.email'));
  await login.fill('#password', 'not-the-password');
  await Promise.all([login.waitForNavigation(), login.click('form[action="/login"] button[type="submit"]')]);
  await inspector.verify(login, [], '/login refused (email echoed)', ['reflected.email', 'reflected.next']);
  await check(adminPages, `/dashboard?site=${encodeURIComponent(F('reflected.site'))}`, ['reflected.site'], { status: 400 });

  if (!full) return steps;

  // Follow-up calls: cases by API, a list, a callback with a note, the case claimed again, completed with a comment.
  await admin.api('POST', '/call-cases', {
    cases: [
      { caseId: 'XSS-1', siteCode: 'X1', customerName: F('call.customer'), phone: '13900139000', serviceType: F('call.type'), serviceDate: day(-1) },
      { caseId: 'XSS-2', siteCode: 'X1', customerName: F('call.customer'), phone: '13900139001', serviceType: F('call.type'), serviceDate: day(-1) },
    ],
  });
  const list = (await admin.api<{ list: { _id: string } }>('POST', '/call-lists', { siteId: site._id, from: day(-2), to: day(0), mode: 'manual', quota: 2 }))
    .list._id;
  const claimed = idFrom((await agent.form('/agent/next', {})).location, '/agent/call-cases');
  await agent.api('POST', `/call-cases/${claimed}/outcome`, {
    outcome: 'callback',
    callbackAt: new Date(Date.now() + 1500).toISOString(),
    note: F('call.note'),
  });
  const agentPages = await inspector.contextFor(agent);
  await check(agentPages, '/agent', ['call.customer']);
  await sleep(1600);
  const again = idFrom((await agent.form('/agent/next', {})).location, '/agent/call-cases');
  if (again !== claimed) inspector.tally.problems.push('the due callback was not the next case');
  await check(agentPages, `/agent/call-cases/${again}`, ['call.customer', 'call.type', 'call.note'], { screenshot: 'xss-agent-case' });
  await agent.api('POST', `/call-cases/${again}/outcome`, {
    outcome: 'completed',
    answers: {
      service_completed: 'yes',
      technician_attitude: 4,
      timeliness: 4,
      problem_solved: 'yes',
      complaint_channel_known: 'yes',
      overall_satisfaction: 4,
      recommend: 8,
      comment: F('call.comment'),
    },
  });
  const caseFile = new FormData();
  caseFile.append(
    'file',
    new Blob(
      [`case_id,site_code,customer_name,phone,service_type,service_date\nXSS-3,X1,"${F('call.customer').replace(/"/g, '""')}",13900139002,repair,${day(-1)}\n`],
      { type: 'text/csv' },
    ),
    F('callImport.fileName'),
  );
  const callImport = (await admin.upload('/upload/call-cases/import', caseFile)).location;
  await check(adminPages, callImport, ['callImport.fileName']);
  await check(adminPages, '/call-cases', ['call.customer', 'call.type', 'site.name']);
  await check(adminPages, `/call-lists/${list}`, ['call.customer']);
  await check(adminPages, '/calls/supervisor', ['agent.name']);
  steps.push('calls');

  // Mystery visits: plan (form), shopper region and assignment (forms), report (API), returned, corrected, approved.
  const plan = idFrom(
    (
      await admin.form('/visit-plans', {
        siteId: site._id,
        name: F('plan.name'),
        from: day(-10),
        to: day(0),
        visits: '2',
        templateId: mystery,
        templateVersion: '',
        slots: ['weekday-morning', 'weekday-afternoon', 'weekend-morning', 'weekend-afternoon'],
        revisitDays: '1',
      })
    ).location,
    '/visit-plans',
  );
  const shopperId = users.get(EMAIL.shopper)!;
  await admin.form(`/shoppers/${shopperId}`, {
    regions: F('site.city'),
    availability: ['weekday-morning', 'weekday-afternoon', 'weekend-morning', 'weekend-afternoon'],
  });
  const planned = (await admin.api<{ visits: Array<{ _id: string; window: { from: string; to: string } }> }>('GET', `/visit-plans/${plan}`)).visits;
  const [visit, declined] = planned.map((v) => v._id) as [string, string];
  await admin.form(`/visits/${visit}/assign`, { shopperId });
  await admin.form(`/visits/${declined}/assign`, { shopperId });
  await check(adminPages, '/visit-plans', ['plan.name', 'site.name', 'mystery.name']);
  await check(adminPages, `/visit-plans/${plan}`, ['plan.name', 'site.name', 'shopper.name']);
  await check(adminPages, '/shoppers', ['shopper.name', 'site.city']);
  const shopper = await new Client(base).login(EMAIL.shopper);
  await shopper.api('POST', `/visits/${visit}/accept`);
  await shopper.api('POST', `/visits/${declined}/decline`, { reason: F('visit.decline') });
  const report = {
    visitDate: planned[0]!.window.from,
    startTime: '10:00',
    endTime: '10:40',
    answers: mysteryAnswers(mysteryContent),
    itemComments: { premises_clean: F('visit.itemComment') },
    comments: F('visit.comments'),
  };
  await shopper.api('POST', `/visits/${visit}/submit`, report);
  const reviewer = await new Client(base).login(EMAIL.reviewer);
  await reviewer.api('POST', `/visits/${visit}/return`, { comments: F('visit.return') });
  const shopperPages = await inspector.contextFor(shopper, PHONE);
  await check(shopperPages, '/my-visits', ['site.name']);
  await check(
    shopperPages,
    `/my-visits/${visit}`,
    [
      'site.name',
      'site.city',
      'site.address',
      'visit.return',
      'visit.text',
      'visit.itemComment',
      'visit.comments',
      ...mysteryFields.filter((f) => f !== 'mystery.name'),
    ],
    { screenshot: 'xss-shopper-returned' },
  );
  await shopper.api('POST', `/visits/${visit}/submit`, report);
  await reviewer.api('POST', `/visits/${visit}/correct`, { questionId: 'hours_posted', value: 'no', reason: F('visit.correction') });
  const reviewerPages = await inspector.contextFor(reviewer);
  await check(reviewerPages, '/review', ['shopper.name', 'site.name']);
  await check(reviewerPages, `/review/visits/${visit}`, [
    'site.name',
    'shopper.name',
    'mystery.section',
    'mystery.item',
    'mystery.textPrompt',
    'visit.text',
    'visit.itemComment',
    'visit.comments',
    'visit.return',
    'visit.correction',
  ]);
  await check(reviewerPages, `/review/visits/${declined}`, ['site.name', 'visit.decline']);
  await reviewer.api('POST', `/visits/${visit}/approve`);
  await check(adminPages, '/dashboard/comments', [...comments, 'answer.live', 'call.comment', 'visit.text', 'mystery.textPrompt']);
  steps.push('visits');

  // Audits: stage note, entries (API), a deduction (form); entry page, projection, report.
  const auditor = await new Client(base).login(EMAIL.auditor);
  await auditor.form('/certification/stages', { stage: 'application', status: 'done', date: day(0), note: F('audit.stage') });
  const audit = idFrom(
    (await auditor.form('/audits', { kind: 'stage1', plannedDate: day(2), evidenceFrom: '', evidenceTo: '', note: 'audit note (not shown on any page)' }))
      .location,
    '/audits',
  );
  await auditor.api('PUT', `/audits/${audit}/sites/${site._id}/entries`, {
    entries: [
      {
        code: 'internal.rules.norms',
        status: 'notMet',
        reason: F('audit.reason'),
        nonconformity: { note: F('audit.ncNote'), evidence: F('audit.ncEvidence'), dueDate: day(30) },
      },
    ],
    bonus: { points: 1, reason: F('audit.bonus') },
  });
  await auditor.form(`/audits/${audit}/sites/${site._id}/deductions`, {
    reason: F('audit.deduction'),
    evidence: F('audit.deductionEvidence'),
    requestId: crypto.randomUUID(),
  });
  const auditorPages = await inspector.contextFor(auditor);
  await check(auditorPages, '/audits', ['audit.stage']);
  await check(auditorPages, `/audits/${audit}?site=${site._id}`, [
    'site.name',
    'audit.reason',
    'audit.ncNote',
    'audit.ncEvidence',
    'audit.bonus',
    'audit.deduction',
    'audit.deductionEvidence',
  ]);
  await check(auditorPages, `/audits/${audit}/projection`, ['site.name', 'audit.bonus', 'audit.deduction', 'audit.ncNote', 'audit.ncEvidence']);
  await check(adminPages, `/reports/audit?audit=${audit}`, ['enterprise.name', 'site.name', 'site.city', 'audit.ncNote', 'audit.ncEvidence']);
  steps.push('audits');
  return steps;
}

export async function proveXss(options: XssOptions): Promise<ProofResult> {
  const world = await buildWorld();
  const server = await startServerProcess(world.dir);
  let browser: Browser | undefined;
  let inspector: Inspector | undefined;
  try {
    browser = await launchBrowser();
    inspector = new Inspector(browser, server.url, options.screenshots ?? true);
    const csp = (await fetch(`${server.url}/login`)).headers.get('content-security-policy') ?? '';
    const missed = await inspector.canary(csp);
    const steps = await run(server, world, inspector, options.full, missed);
    const { pages, fieldChecks, problems } = inspector.tally;
    const count = (what: string) => problems.filter((p) => p.includes(what)).length;
    const figures = [
      `${inspector.tally.fields.size} of ${Object.keys(FIELDS).length} free-text fields checked (${Object.keys(PAYLOADS).length} payload kinds), stored via forms/API (${steps.join(', ')})`,
      `${pages} pages in Chromium, ${fieldChecks} page × field checks`,
      `ran ${count('__xss') + count('dialog')}, became markup ${count('markup from data')}, CSP reports ${count('CSP')}, script errors ${count('script error')}, not shown literally ${count('not shown literally')}`,
      `canary and mutated page ${missed.length ? `MISSED by ${missed.join(', ')}` : 'tripped every check'}`,
    ];
    const pass = problems.length === 0 && missed.length === 0;
    if (process.env.PROVE_VERBOSE) for (const p of problems) console.error(`  xss: ${p}`);
    return { name: 'xss', pass, figures: figures.join('; ') + (problems.length ? `; PROBLEMS (${problems.length}): ${problems.slice(0, 8).join(' | ')}` : '') };
  } finally {
    await inspector?.close();
    await browser?.close().catch(() => undefined);
    await server.kill('SIGKILL');
    fs.rmSync(world.dir, { recursive: true, force: true });
  }
}
