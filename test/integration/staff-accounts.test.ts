import { AuditEvent, StaffUser } from '../../core/db/entities';
import { hashPassword } from '../../core/staff/passwords';
import { loginAs, type StaffClient } from '../support/staff-client';
import { startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

/** A browser-like session: cookies kept, CSRF token from the API login or from a page's form. */
function browser(sys: TestSystem) {
  const jar = new Map<string, string>();
  let csrf = '';
  const cookie = (): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: Response): void => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...value] = pair!.split('=');
      if (/expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(name!.trim());
      else jar.set(name!.trim(), value.join('='));
    }
  };
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    form?: Record<string, string>,
  ): Promise<Response> => {
    const res = await fetch(`${sys.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...(jar.size ? { cookie: cookie() } : {}),
        ...(csrf && !form ? { 'x-csrf-token': csrf } : {}),
      },
      body: form
        ? new URLSearchParams(form).toString()
        : body !== undefined
          ? JSON.stringify(body)
          : undefined,
    });
    remember(res);
    return res;
  };
  return {
    request,
    async apiLogin(email: string, password: string) {
      const res = await request('POST', '/api/auth/login', { email, password });
      const body = (await res.json()) as { csrfToken?: string; user?: { mustChangePassword: boolean } };
      if (body.csrfToken) csrf = body.csrfToken;
      return { status: res.status, body };
    },
    async json<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
      const res = await request(method, path, body);
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
    },
    /** Loads a page and returns its HTML and the CSRF token of its forms. */
    async page(
      path: string,
    ): Promise<{ status: number; html: string; token: string; location: string | null }> {
      const res = await request('GET', path);
      const html = await res.text();
      const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
      return { status: res.status, html, token, location: res.headers.get('location') };
    },
  };
}

describe('staff accounts: login pages, administration of users and groups', () => {
  let sys: TestSystem;
  let admin: StaffClient;
  beforeAll(async () => {
    sys = await startTestSystem();
    admin = await loginAs(sys, ['admin'], [], 'admin');
  });
  afterAll(async () => {
    await sys?.close();
  });

  const audited = (action: string, entityId: string) =>
    sys.dataSource.getRepository(AuditEvent).findOneBy({ action, entityId });

  it('should create a user with a one-time password that must be changed at first login', async () => {
    // when an admin creates an agent
    const email = uniqueEmail('new-agent');
    const created = await admin.json<{
      user: { id: string; mustChangePassword: boolean };
      oneTimePassword: string;
    }>('POST', '/api/admin/users', {
      email,
      name: 'New Agent',
      roles: ['agent'],
      groups: ['quality'],
    });
    expect(created.status).toBe(201);
    expect(created.body.oneTimePassword).toMatch(/^[\w-]{16,}$/);
    expect(created.body.user.mustChangePassword).toBe(true);
    expect(await audited('user.created', created.body.user.id)).not.toBeNull();
    // and the password is shown once: it is not in any list
    const list = await admin.json<{ users: Record<string, unknown>[] }>('GET', '/api/admin/users');
    expect(JSON.stringify(list.body)).not.toContain(created.body.oneTimePassword);
    expect(JSON.stringify(list.body)).not.toContain('passwordHash');

    // then the new user can log in with it, but must choose a password before anything else
    const user = browser(sys);
    const login = await user.apiLogin(email, created.body.oneTimePassword);
    expect(login.status).toBe(200);
    expect(login.body.user?.mustChangePassword).toBe(true);
    expect((await user.json('GET', '/api/tasks')).status).toBe(403);
    const inbox = await user.page('/staff/inbox');
    expect(inbox.status).toBe(303);
    expect(inbox.location).toBe('/staff/password');

    // when they choose one on the forced password page
    const page = await user.page('/staff/password');
    expect(page.html).toContain('Choose a new password');
    const changed = await user.request('POST', '/staff/password', undefined, {
      _csrf: page.token,
      currentPassword: created.body.oneTimePassword,
      newPassword: 'a long and private sentence',
      confirmPassword: 'a long and private sentence',
    });
    expect(changed.status).toBe(303);
    expect(changed.headers.get('location')).toBe('/staff/inbox');
    expect((await user.json('GET', '/api/tasks')).status).toBe(200);
    expect(await audited('user.password_changed', created.body.user.id)).not.toBeNull();
  });

  it('should show "Wrong email or password" on the login page, and log in and out with the form', async () => {
    const agent = await loginAs(sys, ['agent'], ['sales']);
    const password = `pw-${Math.random().toString(36).slice(2)}-long-enough`;
    await admin.json('POST', `/api/admin/users/${agent.userId}/reset-password`);
    const u = await sys.dataSource.getRepository(StaffUser).findOneByOrFail({ id: agent.userId });
    await sys.dataSource
      .getRepository(StaffUser)
      .update({ id: u.id }, { passwordHash: await hashPassword(password), mustChangePassword: false });

    const b = browser(sys);
    const form = await b.page('/staff/login');
    expect(form.status).toBe(200);
    expect(form.html).toContain('<form method="post" action="/staff/login"');

    // a wrong password: the page says so clearly
    const wrong = await b.request('POST', '/staff/login', undefined, {
      _csrf: form.token,
      email: agent.email,
      password: 'not-it',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Wrong email or password.');

    // the right one: to the inbox (and `/staff` goes there too)
    const right = await b.request('POST', '/staff/login', undefined, {
      _csrf: form.token,
      email: agent.email,
      password,
      next: '/staff/complaints',
    });
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/staff/complaints');
    const home = await b.page('/staff');
    expect(home.location).toBe('/staff/inbox');
    const inbox = await b.page('/staff/inbox');
    expect(inbox.status).toBe(200);
    expect(inbox.html).toContain('Task inbox');

    // logout with the form in the header ends the session
    const out = await b.request('POST', '/staff/logout', undefined, { _csrf: inbox.token });
    expect(out.status).toBe(303);
    expect((await b.page('/staff/inbox')).status).toBe(303);
  });

  it('should change roles and groups, deactivate (ending sessions) and reset passwords, each audited', async () => {
    const agent = await loginAs(sys, ['agent'], ['sales'], 'to-change');

    // roles and groups
    const patched = await admin.json<{ user: { roles: string[]; groups: string[] } }>(
      'PATCH',
      `/api/admin/users/${agent.userId}`,
      { roles: ['agent', 'approver'], groups: ['sales', 'approvers'] },
    );
    expect(patched.status).toBe(200);
    expect(patched.body.user.roles).toEqual(['agent', 'approver']);
    const change = await audited('user.updated', agent.userId);
    expect(change?.data).toMatchObject({
      changes: { roles: { from: ['agent'], to: ['agent', 'approver'] } },
    });
    // the change applies at once to the running session
    expect((await agent.json<{ user: { roles: string[] } }>('GET', '/api/auth/me')).body.user.roles).toEqual([
      'agent',
      'approver',
    ]);

    // an unknown group is refused
    expect(
      (await admin.json('PATCH', `/api/admin/users/${agent.userId}`, { groups: ['no-such-group'] })).status,
    ).toBe(422);

    // deactivation ends the session
    expect((await admin.json('PATCH', `/api/admin/users/${agent.userId}`, { active: false })).status).toBe(
      200,
    );
    expect(await audited('user.deactivated', agent.userId)).not.toBeNull();
    expect((await agent.json('GET', '/api/auth/me')).status).toBe(401);

    // a reset gives a new one-time password
    const reset = await admin.json<{ oneTimePassword: string }>(
      'POST',
      `/api/admin/users/${agent.userId}/reset-password`,
    );
    expect(reset.status).toBe(200);
    expect(await audited('user.password_reset', agent.userId)).not.toBeNull();
  });

  it('should NOT let the last admin lock themselves out', async () => {
    const me = admin.userId;
    const res = await admin.json<{ error: string }>('PATCH', `/api/admin/users/${me}`, { active: false });
    expect(res.status).toBe(422);
    expect((await admin.json('PATCH', `/api/admin/users/${me}`, { roles: ['agent'] })).status).toBe(422);
  });

  it('should create, rename and delete groups, refusing to delete one in use', async () => {
    const created = await admin.json('POST', '/api/admin/groups', { key: 'legal', name: 'Legal' });
    expect(created.status).toBe(201);
    expect(
      (await admin.json('POST', '/api/admin/groups', { key: 'legal', name: 'Legal again' })).status,
    ).toBe(409);
    expect((await admin.json('POST', '/api/admin/groups', { key: 'Bad Key!', name: 'x' })).status).toBe(400);
    expect((await admin.json('PATCH', '/api/admin/groups/legal', { name: 'Legal affairs' })).status).toBe(
      200,
    );
    const member = await admin.json<{ user: { id: string } }>('POST', '/api/admin/users', {
      email: uniqueEmail('legal'),
      name: 'L',
      roles: ['agent'],
      groups: ['legal'],
    });
    const inUse = await admin.json<{ error: string }>('DELETE', '/api/admin/groups/legal');
    expect(inUse.status).toBe(409);
    expect(inUse.body.error).toMatch(/member/);
    await admin.json('PATCH', `/api/admin/users/${member.body.user.id}`, { groups: [] });
    expect((await admin.json('DELETE', '/api/admin/groups/legal')).status).toBe(204);
    const groups = await admin.json<{ groups: { key: string }[] }>('GET', '/api/admin/groups');
    expect(groups.body.groups.map((g) => g.key)).toEqual(
      expect.arrayContaining(['sales', 'quality', 'safety', 'finance', 'supervisors', 'approvers']),
    );
    expect(groups.body.groups.map((g) => g.key)).not.toContain('legal');
    for (const action of ['group.created', 'group.renamed', 'group.deleted'])
      expect(await audited(action, 'legal')).not.toBeNull();
  });

  it('should run the admin page: create a user through the form and show the one-time password once', async () => {
    const b = browser(sys);
    const email = uniqueEmail('page-admin');
    const password = 'admin page password 123';
    await sys.dataSource.getRepository(StaffUser).save(
      sys.dataSource.getRepository(StaffUser).create({
        email,
        name: 'Page Admin',
        passwordHash: await hashPassword(password),
        roles: ['admin'],
        groups: [],
      }),
    );
    await b.apiLogin(email, password);
    const page = await b.page('/staff/admin');
    expect(page.status).toBe(200);
    const newEmail = uniqueEmail('via-form');
    const res = await b.request('POST', '/staff/admin/users', undefined, {
      _csrf: page.token,
      name: 'Form User',
      email: newEmail,
      roles: 'agent',
      groups: 'finance',
      locale: 'ru',
    });
    expect(res.status).toBe(201);
    const html = await res.text();
    const otp = /class="otp-value">([^<]+)</.exec(html)?.[1];
    expect(otp).toBeTruthy();
    const user = await sys.dataSource.getRepository(StaffUser).findOneByOrFail({ email: newEmail });
    expect(user).toMatchObject({
      roles: ['agent'],
      groups: ['finance'],
      locale: 'ru',
      mustChangePassword: true,
    });
    expect((await b.page('/staff/admin')).html).not.toContain(otp!);
  });
});
