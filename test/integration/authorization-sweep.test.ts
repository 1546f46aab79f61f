import { randomUUID } from 'node:crypto';
import { DEFAULT_PROCESS_KEY } from '../../core/bpmn/default-process';
import {
  Attachment,
  Complaint,
  HumanTask,
  ProcessDefinition,
  ROLES,
  type Role,
} from '../../core/db/entities';
import { signLink } from '../../core/security/signed-link';
import { StaffService } from '../../core/staff/staff.service';
import { SURVEY_LINK_PURPOSE } from '../../core/surveys/survey.service';
import { createApp } from '../../web/app';
import {
  ACCESS_TABLE,
  expectation,
  PRINCIPALS,
  ruleKey,
  type AccessRule,
  type Expectation,
  type Method,
  type Principal,
  type SweepIds,
  type SweepRequest,
} from '../support/access-table';
import {
  FILES,
  openForm,
  postForm,
  stampShownAgo,
  trackingCodeOn,
  validFields,
} from '../support/customer-client';
import { completeTask, investigation } from '../support/drive';
import { registeredRoutes } from '../support/route-inventory';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

/**
 * The authorization sweep: every registered route × every principal (each staff role, nobody, and a
 * customer holding ANOTHER complaint's code), judged against the one table in
 * test/support/access-table.ts. All requests go out in the set-up, a few at a time; each test then
 * reads one answer, so a failure names the route and the principal.
 *
 * A refusal is 401/403 (or, for a page without a session, the redirect to the login page); "hidden"
 * is a 404 that reveals nothing (a complaint or task that is not theirs, or B addressed with A's
 * credential); anything else below 500, including a 400 from validation after the check, is "allowed".
 */

interface Session {
  /** Cookie header (session and CSRF cookies for staff; the language cookie for the customer). */
  cookie?: string;
  /** The CSRF token a staff client sends back in `x-csrf-token`, as the staff scripts do. */
  csrf?: string;
  /** A client address of its own (X-Forwarded-For; the app trusts the loopback proxy), so rate limits stay apart. */
  ip: string;
}

interface Caller {
  session: Session;
  /** Another session of the same person, for routes that end or replace the session. */
  fresh?: () => Promise<Session>;
}

interface Answer {
  status: number;
  location: string;
  body: string;
}

const CONCURRENCY = 6;

async function signIn(sys: TestSystem, email: string, password: string, ip: string): Promise<Session> {
  const res = await fetch(`${sys.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken, ip };
}

/** Sends one request as a browser or script of this session would; cookies the answer sets are not kept. */
async function call(
  sys: TestSystem,
  rule: Pick<AccessRule, 'method' | 'stream'>,
  req: SweepRequest,
  session: Session,
): Promise<Answer> {
  const headers: Record<string, string> = { 'x-forwarded-for': session.ip };
  if (session.cookie) headers.cookie = session.cookie;
  if (session.csrf && rule.method !== 'GET') headers['x-csrf-token'] = session.csrf;
  let body: string | undefined;
  if (req.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.json);
  } else if (req.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(req.form).toString();
  }
  try {
    const res = await fetch(`${sys.baseUrl}${req.path}`, {
      method: rule.method,
      headers,
      body,
      redirect: 'manual',
    });
    const location = res.headers.get('location') ?? '';
    if (rule.stream) {
      await res.body?.cancel();
      return { status: res.status, location, body: '' };
    }
    return { status: res.status, location, body: await res.text() };
  } catch (err) {
    return { status: 0, location: '', body: `request failed: ${(err as Error).message}` };
  }
}

/** Runs the jobs with at most `limit` in flight. */
async function inPool(jobs: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
}

/** What an answer amounts to. `foreign`: a customer's try at B, where a refused link is a 400. */
function outcomeOf(rule: AccessRule, a: Answer, foreign = false): Expectation | 'error' {
  if (a.status === 0 || a.status >= 500) return 'error';
  const toLogin = a.status >= 300 && a.status < 400 && a.location.startsWith('/staff/login');
  if (a.status === 401 || a.status === 403 || (toLogin && !rule.signsOut)) return 'deny';
  if (a.status === 404 || (foreign && a.status === 400)) return 'hidden';
  return 'allow';
}

const summary = (rule: AccessRule, a: Answer, foreign = false) => ({
  outcome: outcomeOf(rule, a, foreign),
  status: a.status,
  location: a.location,
  body: a.body.replace(/\s+/g, ' ').slice(0, 300),
});

describe('authorization sweep: every route × every principal, from one table', () => {
  let sys: TestSystem;
  let ids: SweepIds;
  /** What complaint B's customer wrote that must never reach complaint A's customer. */
  let secretsOfB: string[];
  const answers = new Map<string, Answer>();
  const own = new Map<string, Answer>();
  const at = (rule: AccessRule, p: Principal): string => `${ruleKey(rule)} as ${p}`;

  beforeAll(async () => {
    sys = await startTestSystem();
    const repo = <T extends object>(e: new () => T) => sys.dataSource.getRepository(e);
    const tag = randomUUID().slice(0, 8);

    // given complaint B, sent through the form with a photo, and complaint A, through the API
    const subject = `Sweep kettle ${tag}`;
    const customerName = `Bea Sweep ${tag}`;
    const form = await openForm(sys);
    const posted = await postForm(
      sys,
      {
        ...validFields({ email: uniqueEmail('sweep-b'), name: customerName, subject }),
        idempotencyKey: form.idempotencyKey,
        stamp: stampShownAgo(sys),
      },
      [FILES.png()],
    );
    const codeOfB = trackingCodeOn(posted.html);
    if (!codeOfB)
      throw new Error(`the complaint form refused B: ${posted.status} ${posted.html.slice(0, 2000)}`);
    const b = await repo(Complaint).findOneByOrFail({ trackingCode: codeOfB });
    secretsOfB = [b.trackingCode, subject, customerName];
    const intake = await fetch(`${sys.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: { name: 'Alan Other', email: uniqueEmail('sweep-a') },
        subject: 'Late delivery',
        description: 'The parcel arrived three weeks after the promised date.',
      }),
    });
    const a = (await intake.json()) as { id: string; trackingCode: string };

    // and B's investigation done, so claiming or releasing it changes nothing
    const investigate = await eventually("B's investigation task", () =>
      repo(HumanTask)
        .findOneBy({ complaintId: b.id, elementId: 'investigate', status: 'open' })
        .then((t) => t ?? undefined),
    );
    if (!investigate.candidateGroups.length) throw new Error('the investigation task has no group');
    await completeTask(sys.temporal.workflow.getHandle(b.workflowId), 'investigate', investigation(10));
    await eventually('the investigation recorded as completed', async () =>
      (await repo(HumanTask).findOneByOrFail({ id: investigate.id })).status === 'completed'
        ? true
        : undefined,
    );

    // and one member of staff per role (the agent in B's department), a colleague, a login account
    const password = `pw-${randomUUID()}`;
    const groupsOf: Partial<Record<Role, string[]>> = {
      agent: investigate.candidateGroups,
      approver: ['approvers'],
    };
    const staff = new StaffService(sys.dataSource);
    const person = (label: string, roles: Role[], groups: string[] = []) =>
      staff.create({ email: `${label}.${tag}@sweep.test`, name: label, password, roles, groups }, 'system');
    const [colleague, loginAccount, ...members] = await Promise.all([
      person('colleague', ['agent']),
      person('login', ['agent']),
      ...ROLES.map((role) => person(role, [role], groupsOf[role])),
    ]);

    const callers = {} as Record<Principal, Caller>;
    callers.anonymous = { session: { ip: '203.0.113.1' } };
    // The customer has opened A's tracking page (which leaves the language cookie) and holds its links.
    callers.customer = { session: { ip: '203.0.113.2', cookie: 'redress.lang=en' } };
    await Promise.all(
      ROLES.map(async (role, i) => {
        const ip = `203.0.113.${10 + i}`;
        const email = members[i]!.email;
        callers[role] = {
          session: await signIn(sys, email, password, ip),
          fresh: () => signIn(sys, email, password, ip),
        };
      }),
    );

    // and throw-away objects for the routes that change or remove them
    const admin = callers.admin.session;
    const asAdmin = async (method: Method, path: string, json: unknown): Promise<void> => {
      const res = await call(sys, { method }, { path, json }, admin);
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.body}`);
    };
    const groups = { rename: `sweep-${tag}-a`, deleteApi: `sweep-${tag}-b`, deletePage: `sweep-${tag}-c` };
    const calendar = { key: `sweep-${tag}`, holiday: '2031-12-25' };
    const profile = sys.config.JURISDICTION_PROFILE;
    for (const key of Object.values(groups)) await asAdmin('POST', '/api/admin/groups', { key, name: key });
    await asAdmin('PUT', `/api/regulation/products/sweep-${tag}`, { profileKey: profile });
    await asAdmin('POST', '/api/regulation/calendars', {
      key: calendar.key,
      name: 'Sweep',
      weekendDays: [0, 6],
      timeZone: 'UTC',
    });
    await asAdmin('PUT', `/api/regulation/calendars/${calendar.key}/holidays/${calendar.holiday}`, {
      name: 'Sweep day',
    });

    const survey = (complaintId: string) =>
      signLink(sys.ctx.secret, SURVEY_LINK_PURPOSE, complaintId, 'sweep');
    const [payloadOfB] = survey(b.id).split('.');
    const [, signatureOfA] = survey(a.id).split('.');
    const latest = await repo(ProcessDefinition).findOneOrFail({
      where: { key: DEFAULT_PROCESS_KEY },
      order: { version: 'DESC' },
    });
    ids = {
      complaint: {
        id: b.id,
        trackingCode: b.trackingCode,
        customerId: b.customerId,
        surveyToken: survey(b.id),
      },
      taskId: investigate.id,
      attachmentId: (await repo(Attachment).findOneByOrFail({ complaintId: b.id })).id,
      colleagueId: colleague.id,
      groups,
      process: { key: latest.key, version: latest.version },
      calendar,
      mappedProduct: `sweep-${tag}`,
      profile,
      login: { email: loginAccount.email, password },
      own: { trackingCode: a.trackingCode, surveyToken: survey(a.id) },
      foreignSurveyToken: `${payloadOfB}.${signatureOfA}`,
    };

    // when every route is called by every principal (and the customer also calls A's own pages)
    const jobs = ACCESS_TABLE.flatMap((rule) => [
      ...PRINCIPALS.map((p) => async () => {
        const caller = callers[p];
        const session = rule.freshSession && caller.fresh ? await caller.fresh() : caller.session;
        const req =
          p === 'customer' && rule.customerToken ? rule.customerToken.foreign(ids) : rule.request(ids);
        answers.set(at(rule, p), await call(sys, rule, req, session));
      }),
      ...(rule.customerToken
        ? [
            async () => {
              own.set(
                ruleKey(rule),
                await call(sys, rule, rule.customerToken!.own(ids), callers.customer.session),
              );
            },
          ]
        : []),
    ]);
    await inPool(jobs, CONCURRENCY);
  }, 180_000);

  afterAll(async () => {
    await sys?.close();
  });

  it('should have an access rule for every registered route, and a route for every rule', async () => {
    // given the routes the app registers (a second instance of the same app, only walked)
    const web = createApp(sys.ctx);
    const registered = registeredRoutes(web.app).map(ruleKey);
    await web.close();
    const table = ACCESS_TABLE.map(ruleKey);

    // then every registered route has exactly one rule, and every rule a route
    expect(table.filter((k, i) => table.indexOf(k) !== i)).toEqual([]);
    expect({ routesWithoutRule: registered.filter((k) => !table.includes(k)).sort() }).toEqual({
      routesWithoutRule: [],
    });
    expect({ rulesWithoutRoute: table.filter((k) => !registered.includes(k)).sort() }).toEqual({
      rulesWithoutRoute: [],
    });
  });

  describe.each(ACCESS_TABLE.map((rule) => [ruleKey(rule), rule] as const))('%s', (_key, rule) => {
    it.each(PRINCIPALS.map((p) => [expectation(rule, p), p] as const))(
      'should %s %s',
      (expected, principal) => {
        // given the principal's request; then the answer is what the table says
        const answer = answers.get(at(rule, principal));
        expect(answer).toBeDefined();
        const foreign = principal === 'customer' && !!rule.customerToken;
        const seen = summary(rule, answer!, foreign);
        expect(seen).toEqual({ ...seen, outcome: expected });
        // and a customer's answer never carries anything of complaint B
        if (principal === 'customer')
          expect(secretsOfB.filter((s) => `${answer!.location} ${answer!.body}`.includes(s))).toEqual([]);
      },
    );
  });

  describe('a customer holding complaint A’s tracking code and survey link', () => {
    const customerRoutes = ACCESS_TABLE.filter((rule) => rule.customerToken);

    it.each(customerRoutes.map((rule) => [ruleKey(rule), rule] as const))(
      'should reach complaint A through %s, and nothing of B',
      (_key, rule) => {
        const answer = own.get(ruleKey(rule));
        expect(answer).toBeDefined();
        const seen = summary(rule, answer!);
        expect(seen).toEqual({ ...seen, outcome: 'allow' });
        expect(secretsOfB.filter((s) => `${answer!.location} ${answer!.body}`.includes(s))).toEqual([]);
      },
    );
  });
});
