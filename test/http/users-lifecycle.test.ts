/**
 * Accounts over their life (issue 16, part 4): invited by email, edited,
 * deactivated, passwords reset and changed — each in the audit log — and the
 * operator inviting an enterprise's first admin through the same links.
 */
import request from 'supertest';
import { createApiToken } from '../../server/services/accounts/apiTokens';
import type { AccountLink } from '../../server/services/accounts/invitations';
import type { AuditEntry } from '../../server/services/auditLog';
import { insertUser, type User } from '../../server/services/accounts/users';
import { tenantContext } from '../../server/services/context';
import { linkMailedTo, mailsTo, setPassword } from '../helpers/accounts';
import { csrfTokenOf, loginAgent, PASSWORD } from '../helpers/world';
import { worldForFile } from '../helpers/fileWorld';

const fixture = worldForFile({ adminAgent: true });

const auditActions = async (entityId: string) =>
  (await fixture.world.store.collection<AuditEntry>('auditLog').find({ enterpriseId: fixture.tenant.enterpriseId, entityId })).map((e) => e.action);

describe('invitations', () => {
  test('an fixture.admin cannot type another person’s password: the API refuses the field', async () => {
    const res = await fixture.admin.post('/api/v1/users').send({ email: 'typed@t.test', name: 'T', role: 'analyst', password: 'chosen-by-admin' });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('password');
  });

  test('an invitee sets their own password through the mailed link, once, and then logs in', async () => {
    const res = await fixture.admin.post('/api/v1/users').send({ email: 'new.analyst@t.test', name: '新分析员', role: 'analyst' });
    expect(res.status).toBe(202);
    expect(await fixture.world.store.collection('users').count({ email: 'new.analyst@t.test' })).toBe(0);
    const secret = await linkMailedTo(fixture.world, fixture.tenant.enterpriseId, 'new.analyst@t.test');
    const page = await request(fixture.world.app).get(`/set-password/${secret}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('new.analyst@t.test');

    const accepted = await setPassword(fixture.world, secret, 'my-own-password');
    expect(accepted.status).toBe(200);
    expect(accepted.body.user).toMatchObject({ email: 'new.analyst@t.test', role: 'analyst', enterpriseId: fixture.tenant.enterpriseId });
    expect(JSON.stringify(accepted.body)).not.toMatch(/scrypt|sessionVersion/);
    await loginAgent(fixture.world.app, 'new.analyst@t.test', 'my-own-password');
    // Used once: the same link is gone.
    expect((await setPassword(fixture.world, secret, 'another-password')).status).toBe(404);
    expect((await request(fixture.world.app).get(`/set-password/${secret}`)).status).toBe(404);
    expect(await auditActions('new.analyst@t.test')).toEqual(['user.invite']);
    expect(await auditActions(accepted.body.user._id)).toEqual(['user.acceptInvitation']);
  });

  test('an expired invitation link no longer works', async () => {
    await fixture.admin.post('/api/v1/users').send({ email: 'late@t.test', name: 'Late', role: 'agent' });
    const secret = await linkMailedTo(fixture.world, fixture.tenant.enterpriseId, 'late@t.test');
    await fixture.world.store.collection('accountTokens').updateMany({ email: 'late@t.test' }, { $set: { expiresAt: '2000-01-01T00:00:00.000Z' } });
    expect((await setPassword(fixture.world, secret, 'my-own-password')).status).toBe(404);
    expect(await fixture.world.store.collection('users').count({ email: 'late@t.test' })).toBe(0);
  });

  test('a site manager must be invited with at least one site', async () => {
    const none = await fixture.admin.post('/api/v1/users').send({ email: 'sm@t.test', name: 'SM', role: 'siteManager' });
    expect(none.status).toBe(400);
    expect(none.body.error.field).toBe('siteIds');
    const ok = await fixture.admin.post('/api/v1/users').send({ email: 'sm@t.test', name: 'SM', role: 'siteManager', siteIds: [fixture.tenant.sites[0]._id] });
    expect(ok.status).toBe(202);
  });

  test('the invitation form sends the mail with sites ticked on the page', async () => {
    const csrf = await csrfTokenOf(fixture.admin, '/admin/users');
    const res = await fixture.admin
      .post('/admin/users')
      .type('form')
      .send({ _csrf: csrf, email: 'form.sm@t.test', name: '表单负责人', role: 'siteManager', siteIds: fixture.tenant.sites[1]._id });
    expect(res.status).toBe(303);
    const secret = await linkMailedTo(fixture.world, fixture.tenant.enterpriseId, 'form.sm@t.test');
    expect((await setPassword(fixture.world, secret, 'form-password')).body.user.siteIds).toEqual([fixture.tenant.sites[1]._id]);
    const page = await fixture.admin.get('/admin/users');
    expect(page.text).toContain('form.sm@t.test');
    expect(page.text).toContain('网点负责人');
  });
});

describe('editing and deactivating', () => {
  test('an fixture.admin changes a user’s role and sites; the audit entry holds before and after', async () => {
    const user = await insertUser(fixture.world.store, {
      enterpriseId: fixture.tenant.enterpriseId,
      email: 'edit.me@t.test',
      name: 'Edit Me',
      role: 'analyst',
      password: PASSWORD,
    });
    const res = await fixture.admin.patch(`/api/v1/users/${user._id}`).send({ role: 'siteManager', siteIds: [fixture.tenant.sites[0]._id] });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ role: 'siteManager', siteIds: [fixture.tenant.sites[0]._id] });
    const entry = await fixture.world.store.collection<AuditEntry>('auditLog').findOne({ action: 'user.update', entityId: user._id });
    expect(entry!.detail!.before).toMatchObject({ role: 'analyst', siteIds: null });
    expect(entry!.detail!.after).toMatchObject({ role: 'siteManager', siteIds: [fixture.tenant.sites[0]._id] });
    // A site manager keeps at least one site.
    const lifted = await fixture.admin.patch(`/api/v1/users/${user._id}`).send({ siteIds: [] });
    expect(lifted.status).toBe(400);
    expect(lifted.body.error.field).toBe('siteIds');
    // The edit takes effect at the user's next request.
    const theirs = await loginAgent(fixture.world.app, 'edit.me@t.test');
    expect((await theirs.get('/api/v1/me')).body.user.role).toBe('siteManager');
  });

  test('deactivating ends the user’s session by their next request and their API tokens at once; history keeps their name', async () => {
    const user = await insertUser(fixture.world.store, {
      enterpriseId: fixture.tenant.enterpriseId,
      email: 'leaver@t.test',
      name: '离职者 甲',
      role: 'admin',
      password: PASSWORD,
    });
    const session = await loginAgent(fixture.world.app, 'leaver@t.test');
    const { token } = await createApiToken(
      tenantContext(fixture.world.store, { userId: user._id, role: 'admin', enterpriseId: fixture.tenant.enterpriseId, via: 'session' }),
      {
        name: 'leaver token',
        role: 'analyst',
      },
    );
    expect((await session.get('/api/v1/me')).status).toBe(200);
    expect((await request(fixture.world.app).get('/api/v1/sites').set('Authorization', `Bearer ${token}`)).status).toBe(200);

    const res = await fixture.admin.post(`/api/v1/users/${user._id}/deactivate`).send({});
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ disabled: true, name: '离职者 甲' });

    expect((await session.get('/api/v1/me')).status).toBe(401);
    expect((await session.get('/admin/users')).status).toBe(302);
    expect((await request(fixture.world.app).get('/api/v1/sites').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    expect((await request(fixture.world.app).post('/api/v1/auth/login').send({ email: 'leaver@t.test', password: PASSWORD })).status).toBe(401);
    const entry = await fixture.world.store.collection<AuditEntry>('auditLog').findOne({ action: 'user.deactivate', entityId: user._id });
    expect(entry!.detail).toMatchObject({ email: 'leaver@t.test', tokensRevoked: 1 });
    // The audit log still names them.
    expect((await fixture.admin.get('/admin/audit-log')).text).toContain('离职者 甲');

    // Reactivated, they log in again; the session ended by the deactivation stays ended.
    expect((await fixture.admin.post(`/api/v1/users/${user._id}/reactivate`).send({})).status).toBe(200);
    expect((await session.get('/api/v1/me')).status).toBe(401);
    await loginAgent(fixture.world.app, 'leaver@t.test');
  });

  test('an fixture.admin cannot deactivate themselves', async () => {
    const res = await fixture.admin.post(`/api/v1/users/${fixture.tenant.admin._id}/deactivate`).send({});
    expect(res.status).toBe(400);
  });

  test('the edit page saves role and sites from a form', async () => {
    const user = await insertUser(fixture.world.store, {
      enterpriseId: fixture.tenant.enterpriseId,
      email: 'page.edit@t.test',
      name: 'Page Edit',
      role: 'agent',
      password: PASSWORD,
    });
    const csrf = await csrfTokenOf(fixture.admin, `/admin/users/${user._id}`);
    const res = await fixture.admin
      .post(`/admin/users/${user._id}`)
      .type('form')
      .send(`_csrf=${encodeURIComponent(csrf)}&name=Page+Edit&role=reviewer&siteIds=${fixture.tenant.sites[0]._id}&siteIds=${fixture.tenant.sites[1]._id}`);
    expect(res.status).toBe(303);
    const after = await fixture.world.store.collection<User>('users').findOne({ _id: user._id });
    expect(after).toMatchObject({ role: 'reviewer', siteIds: [fixture.tenant.sites[0]._id, fixture.tenant.sites[1]._id] });
  });
});

describe('passwords', () => {
  test('a reset link mailed to the user sets a new password and ends their other sessions', async () => {
    const user = await insertUser(fixture.world.store, {
      enterpriseId: fixture.tenant.enterpriseId,
      email: 'forgetful@t.test',
      name: 'Forgetful',
      role: 'analyst',
      password: PASSWORD,
    });
    const elsewhere = await loginAgent(fixture.world.app, 'forgetful@t.test');
    expect((await request(fixture.world.app).post('/api/v1/auth/password-reset').send({ email: 'Forgetful@t.test' })).status).toBe(202);
    const secret = await linkMailedTo(fixture.world, fixture.tenant.enterpriseId, 'forgetful@t.test');
    expect((await setPassword(fixture.world, secret, 'remembered-now')).status).toBe(200);
    expect((await elsewhere.get('/api/v1/me')).status).toBe(401);
    expect((await request(fixture.world.app).post('/api/v1/auth/login').send({ email: 'forgetful@t.test', password: PASSWORD })).status).toBe(401);
    await loginAgent(fixture.world.app, 'forgetful@t.test', 'remembered-now');
    expect(await auditActions(user._id)).toEqual(['user.requestPasswordReset', 'user.resetPassword']);
  });

  test('a reset link expires after an hour and never reaches an unknown address', async () => {
    await insertUser(fixture.world.store, {
      enterpriseId: fixture.tenant.enterpriseId,
      email: 'slow@t.test',
      name: 'Slow',
      role: 'analyst',
      password: PASSWORD,
    });
    await request(fixture.world.app).post('/api/v1/auth/password-reset').send({ email: 'slow@t.test' });
    await request(fixture.world.app).post('/api/v1/auth/password-reset').send({ email: 'ghost@t.test' });
    const secret = await linkMailedTo(fixture.world, fixture.tenant.enterpriseId, 'slow@t.test');
    const link = await fixture.world.store.collection<AccountLink>('accountTokens').findOne({ email: 'slow@t.test' });
    expect(Date.parse(link!.expiresAt) - Date.parse(link!.createdAt)).toBe(3600_000);
    await fixture.world.store.collection('accountTokens').updateMany({ email: 'slow@t.test' }, { $set: { expiresAt: '2000-01-01T00:00:00.000Z' } });
    expect((await setPassword(fixture.world, secret, 'too-late-now')).status).toBe(404);
    expect(await mailsTo(fixture.world, fixture.tenant.enterpriseId, 'ghost@t.test')).toBe(0);
    expect(await fixture.world.store.collection('accountTokens').count({ email: 'ghost@t.test' })).toBe(0);
  });

  test('changing your own password needs the current one, keeps this session and ends the others', async () => {
    const user = await insertUser(fixture.world.store, {
      enterpriseId: fixture.tenant.enterpriseId,
      email: 'changer@t.test',
      name: 'Changer',
      role: 'agent',
      password: PASSWORD,
    });
    const here = await loginAgent(fixture.world.app, 'changer@t.test');
    const there = await loginAgent(fixture.world.app, 'changer@t.test');
    const wrong = await here.post('/api/v1/me/password').send({ currentPassword: 'not-it-at-all', newPassword: 'brand-new-pass' });
    expect(wrong.status).toBe(401);
    expect((await here.post('/api/v1/me/password').send({ currentPassword: PASSWORD, newPassword: 'brand-new-pass' })).status).toBe(200);
    expect((await here.get('/api/v1/me')).status).toBe(200);
    expect((await there.get('/api/v1/me')).status).toBe(401);
    await loginAgent(fixture.world.app, 'changer@t.test', 'brand-new-pass');
    expect(await auditActions(user._id)).toEqual(['user.changePassword']);
  });

  test('the change-password page works from a form', async () => {
    await insertUser(fixture.world.store, {
      enterpriseId: fixture.tenant.enterpriseId,
      email: 'pager@t.test',
      name: 'Pager',
      role: 'agent',
      password: PASSWORD,
    });
    const me = await loginAgent(fixture.world.app, 'pager@t.test');
    const csrf = await csrfTokenOf(me, '/account/password');
    const res = await me.post('/account/password').type('form').send({ _csrf: csrf, currentPassword: PASSWORD, newPassword: 'paged-password' });
    expect(res.status).toBe(303);
    await loginAgent(fixture.world.app, 'pager@t.test', 'paged-password');
  });
});

describe('the operator invites an enterprise’s admins', () => {
  test('a new enterprise’s first fixture.admin is invited by email and sets their own password; the operator can invite another', async () => {
    await insertUser(fixture.world.store, { enterpriseId: null, email: 'operator@t.test', name: 'Operator', role: 'operator', password: PASSWORD });
    const operator = await loginAgent(fixture.world.app, 'operator@t.test');
    const created = await operator
      .post('/api/v1/enterprises')
      .send({ code: 'invited-co', name: '受邀企业', admin: { email: 'first.admin@invited.test', name: '首位管理员' } });
    expect(created.status).toBe(201);
    const enterpriseId = created.body.enterprise._id;
    const secret = await linkMailedTo(fixture.world, enterpriseId, 'first.admin@invited.test');
    expect((await setPassword(fixture.world, secret, 'first-admin-pass')).body.user).toMatchObject({ role: 'admin', enterpriseId });
    const firstAdmin = await loginAgent(fixture.world.app, 'first.admin@invited.test', 'first-admin-pass');
    expect((await firstAdmin.get('/api/v1/users')).status).toBe(200);

    const again = await operator.post(`/api/v1/enterprises/${enterpriseId}/admins`).send({ email: 'second.admin@invited.test', name: '第二位管理员' });
    expect(again.status).toBe(202);
    const second = await linkMailedTo(fixture.world, enterpriseId, 'second.admin@invited.test');
    expect((await setPassword(fixture.world, second, 'second-admin-pass')).status).toBe(200);
    const actions = (await fixture.world.store.collection<AuditEntry>('auditLog').find({ enterpriseId })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['enterprise.create', 'user.invite', 'user.acceptInvitation']));
    // The operator's page offers the invitation per enterprise.
    expect((await operator.get('/operator/enterprises')).text).toContain(`/operator/enterprises/${enterpriseId}/admins`);
    expect((await operator.post('/api/v1/enterprises/no-such-id/admins').send({ email: 'x@x.test', name: 'X' })).status).toBe(404);
  });
});
