import { ROLES, type Role } from '../../core/db/entities';

/**
 * Who may call what: ONE table of every route the web app registers, with the principals that pass
 * its access check and a request that addresses real seeded objects. The authorization sweep
 * (test/integration/authorization-sweep.test.ts) sends each request as each principal and fails when
 * the answer disagrees, or when a route is registered without a row here (or a row has no route).
 *
 * The rows follow the roles as the domain has them (/work/shared/DOMAIN.md, core/staff/permissions.ts):
 * agents work tasks, approvers also see all tasks and reassign, process owners model, deploy and word
 * the messages, compliance reads everything and changes nothing, admins manage staff, calendars and
 * settings and pass every guard. Customers hold only their complaint's tracking code and survey link.
 */

/** Who sends a request: a member of staff with one role, nobody, or a customer of another complaint. */
export type Principal = Role | 'anonymous' | 'customer';

/** Every principal, in the order the sweep reports them. */
export const PRINCIPALS: readonly Principal[] = ['anonymous', 'customer', ...ROLES];

/** What the sweep expects: through the access check, refused, or told the object does not exist. */
export type Expectation = 'allow' | 'deny' | 'hidden';

/** The seeded objects the requests address (filled in by the sweep's set-up). */
export interface SweepIds {
  /** The complaint every staff and customer route addresses ("B"), with a photo attached. */
  complaint: { id: string; trackingCode: string; customerId: string; surveyToken: string };
  /** B's investigation task, already completed: claiming or releasing it changes nothing. */
  taskId: string;
  attachmentId: string;
  /** A member of staff who is none of the principals (the admin routes change this account). */
  colleagueId: string;
  /** Groups made for the sweep: one to rename, one deleted through the API, one through the page. */
  groups: { rename: string; deleteApi: string; deletePage: string };
  process: { key: string; version: number };
  /** A working calendar made for the sweep, with a holiday for the route that removes one. */
  calendar: { key: string; holiday: string };
  /** A product mapped to a profile, for the route that removes the mapping. */
  mappedProduct: string;
  profile: string;
  /** An account the login routes sign in with (never one of the principals' own). */
  login: { email: string; password: string };
  /** What the customer principal holds: complaint A's tracking code and survey link. */
  own: { trackingCode: string; surveyToken: string };
  /** A's survey link with B's complaint id put into it (the signature no longer matches). */
  foreignSurveyToken: string;
}

/** One request: the path with its parameters filled in, and a JSON body (API) or form fields (pages). */
export interface SweepRequest {
  path: string;
  json?: unknown;
  form?: Record<string, string>;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface AccessRule {
  method: Method;
  /** The path template exactly as Express registers it (mount path + route path). */
  path: string;
  /** Who passes the access check (admins are listed where they pass, which is everywhere but the customer pages' credentials). */
  allow: readonly (Role | 'anonymous')[];
  /** Roles that pass the role check but may not see the seeded complaint or task: a 404, revealing nothing. */
  hidden?: readonly Role[];
  /**
   * The request. Bodies of state-changing routes are chosen to fail validation AFTER the access
   * check (or to address throw-away objects), so the sweep changes nothing the other rows read.
   */
  request: (ids: SweepIds) => SweepRequest;
  /**
   * Routes addressed by a customer's credential (tracking code, survey link). Everyone else sends
   * B's credential (holding it is the authority); the customer principal holds only A's and tries
   * to reach B with it (`foreign`, refused without a trace of B) and, separately, reaches A (`own`).
   */
  customerToken?: { own: (ids: SweepIds) => SweepRequest; foreign: (ids: SweepIds) => SweepRequest };
  /** Ends or replaces the session, so each staff principal sends it with a session of its own. */
  freshSession?: true;
  /** Signing out answers with the login page: that redirect is its success, not a refusal. */
  signsOut?: true;
  /** A Server-Sent Events stream: only its status is read. */
  stream?: true;
}

const STAFF: readonly Role[] = ROLES;
const ANYONE: readonly (Role | 'anonymous')[] = ['anonymous', ...ROLES];
/** tasks.work, complaints.annotate, complaints.enter */
const WORKERS: readonly Role[] = ['agent', 'approver', 'admin'];
const OWNERS: readonly Role[] = ['process_owner', 'admin'];
/** Compliance reads (and admins). */
const READERS: readonly Role[] = ['compliance', 'admin'];
const ADMIN: readonly Role[] = ['admin'];
/** Process owners have no department: a complaint of quality's is not theirs to read. */
const NOT_THEIRS: readonly Role[] = ['process_owner'];

const get = (
  path: string,
  allow: readonly (Role | 'anonymous')[],
  request: AccessRule['request'] = () => ({ path }),
  more: Partial<AccessRule> = {},
): AccessRule => ({ method: 'GET', path, allow, request, ...more });

const send = (
  method: Exclude<Method, 'GET'>,
  path: string,
  allow: readonly (Role | 'anonymous')[],
  request: AccessRule['request'],
  more: Partial<AccessRule> = {},
): AccessRule => ({ method, path, allow, request, ...more });

const c = (ids: SweepIds): string => ids.complaint.id;
const pd = (ids: SweepIds): string => `/api/process-definitions/${ids.process.key}`;

export const ACCESS_TABLE: readonly AccessRule[] = [
  // ── customer pages: the form, tracking and the survey ─────────────────────────────────────────
  get('/', ANYONE),
  get('/complain', ANYONE),
  send('POST', '/complain', ANYONE, () => ({ path: '/complain', form: {} })),
  get('/track', ANYONE),
  send('POST', '/track', ANYONE, (ids) => ({ path: '/track', form: { code: ids.complaint.trackingCode } }), {
    customerToken: {
      own: (ids) => ({ path: '/track', form: { code: ids.own.trackingCode } }),
      foreign: (ids) => ({ path: '/track', form: { code: c(ids) } }),
    },
  }),
  get('/track/:code', ANYONE, (ids) => ({ path: `/track/${ids.complaint.trackingCode}` }), {
    customerToken: {
      own: (ids) => ({ path: `/track/${ids.own.trackingCode}` }),
      foreign: (ids) => ({ path: `/track/${c(ids)}` }),
    },
  }),
  send(
    'POST',
    '/track/:code/messages',
    ANYONE,
    (ids) => ({ path: `/track/${ids.complaint.trackingCode}/messages`, form: {} }),
    {
      customerToken: {
        own: (ids) => ({ path: `/track/${ids.own.trackingCode}/messages`, form: {} }),
        foreign: (ids) => ({ path: `/track/${c(ids)}/messages`, form: {} }),
      },
    },
  ),
  get('/survey/:token', ANYONE, (ids) => ({ path: `/survey/${ids.complaint.surveyToken}` }), {
    customerToken: {
      own: (ids) => ({ path: `/survey/${ids.own.surveyToken}` }),
      foreign: (ids) => ({ path: `/survey/${ids.foreignSurveyToken}` }),
    },
  }),
  send(
    'POST',
    '/survey/:token',
    ANYONE,
    (ids) => ({ path: `/survey/${ids.complaint.surveyToken}`, form: {} }),
    {
      customerToken: {
        own: (ids) => ({ path: `/survey/${ids.own.surveyToken}`, form: {} }),
        // A complete answer: only the refusal of the forged link keeps it from being recorded for B.
        foreign: (ids) => ({
          path: `/survey/${ids.foreignSurveyToken}`,
          form: { satisfaction: '5', solved: 'yes' },
        }),
      },
    },
  ),
  // What the local mail catcher and SMS sink hold; 404 in production (customer-templates.test.ts).
  get('/dev/outbox', STAFF),

  // ── public API and sessions ───────────────────────────────────────────────────────────────────
  get('/api/health', ANYONE),
  get('/api/openapi.json', ANYONE),
  send('POST', '/api/complaints', ANYONE, () => ({ path: '/api/complaints', json: {} })),
  get(
    '/api/complaints/:trackingCode',
    ANYONE,
    (ids) => ({ path: `/api/complaints/${ids.complaint.trackingCode}` }),
    {
      customerToken: {
        own: (ids) => ({ path: `/api/complaints/${ids.own.trackingCode}` }),
        foreign: (ids) => ({ path: `/api/complaints/${c(ids)}` }),
      },
    },
  ),
  get('/api/auth/csrf', ANYONE),
  send('POST', '/api/auth/login', ANYONE, () => ({ path: '/api/auth/login', json: {} })),
  send('POST', '/api/auth/logout', ANYONE, () => ({ path: '/api/auth/logout' }), { freshSession: true }),
  get('/api/auth/me', STAFF),
  send('POST', '/api/auth/password', STAFF, () => ({ path: '/api/auth/password', json: {} })),
  get('/staff', STAFF),
  get('/staff/login', ANYONE),
  send('POST', '/staff/login', ANYONE, (ids) => ({ path: '/staff/login', form: { ...ids.login } }), {
    freshSession: true,
  }),
  send('POST', '/staff/logout', ANYONE, () => ({ path: '/staff/logout', form: {} }), {
    freshSession: true,
    signsOut: true,
  }),
  get('/staff/password', STAFF),
  send('POST', '/staff/password', STAFF, () => ({ path: '/staff/password', form: {} })),

  // ── tasks: agents work them, approvers also reassign ──────────────────────────────────────────
  get('/api/tasks', STAFF),
  get('/api/tasks/stream', STAFF, undefined, { stream: true }),
  get('/api/tasks/:id', STAFF, (ids) => ({ path: `/api/tasks/${ids.taskId}` }), { hidden: NOT_THEIRS }),
  send('POST', '/api/tasks/:id/claim', WORKERS, (ids) => ({ path: `/api/tasks/${ids.taskId}/claim` })),
  send('POST', '/api/tasks/:id/unclaim', WORKERS, (ids) => ({ path: `/api/tasks/${ids.taskId}/unclaim` })),
  send('POST', '/api/tasks/:id/reassign', ['approver', 'admin'], (ids) => ({
    path: `/api/tasks/${ids.taskId}/reassign`,
    json: {},
  })),
  send('POST', '/api/tasks/:id/complete', WORKERS, (ids) => ({
    path: `/api/tasks/${ids.taskId}/complete`,
    json: {},
  })),
  get('/staff/inbox', STAFF),
  get('/staff/tasks/:id', STAFF, (ids) => ({ path: `/staff/tasks/${ids.taskId}` }), { hidden: NOT_THEIRS }),
  send('POST', '/staff/tasks/:id/claim', WORKERS, (ids) => ({
    path: `/staff/tasks/${ids.taskId}/claim`,
    form: {},
  })),
  send('POST', '/staff/tasks/:id/release', WORKERS, (ids) => ({
    path: `/staff/tasks/${ids.taskId}/release`,
    form: {},
  })),
  send('POST', '/staff/tasks/:id/reassign', ['approver', 'admin'], (ids) => ({
    path: `/staff/tasks/${ids.taskId}/reassign`,
    form: {},
  })),

  // ── complaints for staff: read by whoever may see them; notes, questions, entry by workers ────
  get('/api/staff/complaints', STAFF),
  send('POST', '/api/staff/complaints', WORKERS, () => ({ path: '/api/staff/complaints', json: {} })),
  get('/api/staff/complaints/:id', STAFF, (ids) => ({ path: `/api/staff/complaints/${c(ids)}` }), {
    hidden: NOT_THEIRS,
  }),
  send('POST', '/api/staff/complaints/:id/notes', WORKERS, (ids) => ({
    path: `/api/staff/complaints/${c(ids)}/notes`,
    json: {},
  })),
  send('POST', '/api/staff/complaints/:id/info-requests', WORKERS, (ids) => ({
    path: `/api/staff/complaints/${c(ids)}/info-requests`,
    json: {},
  })),
  get('/staff/complaints', STAFF),
  get('/staff/complaints/new', WORKERS),
  send('POST', '/staff/complaints/new', WORKERS, () => ({ path: '/staff/complaints/new', form: {} })),
  get('/staff/complaints/:id', STAFF, (ids) => ({ path: `/staff/complaints/${c(ids)}` }), {
    hidden: NOT_THEIRS,
  }),
  send('POST', '/staff/complaints/:id/notes', WORKERS, (ids) => ({
    path: `/staff/complaints/${c(ids)}/notes`,
    form: {},
  })),
  send('POST', '/staff/complaints/:id/info-requests', WORKERS, (ids) => ({
    path: `/staff/complaints/${c(ids)}/info-requests`,
    form: {},
  })),
  send('POST', '/staff/complaints/:id/clocks/:clock/:action', WORKERS, (ids) => ({
    path: `/staff/complaints/${c(ids)}/clocks/finalResponse/no-such-action`,
    form: {},
  })),
  get('/api/attachments', STAFF, (ids) => ({ path: `/api/attachments?complaintId=${c(ids)}` }), {
    hidden: NOT_THEIRS,
  }),
  get(
    '/api/attachments/:id/content',
    STAFF,
    (ids) => ({ path: `/api/attachments/${ids.attachmentId}/content` }),
    {
      hidden: NOT_THEIRS,
    },
  ),

  // ── incidents: failed service tasks; workers retry ───────────────────────────────────────────
  get('/api/incidents', ['agent', 'approver', 'process_owner', 'compliance', 'admin']),
  send('POST', '/api/incidents/retry', WORKERS, () => ({ path: '/api/incidents/retry', json: {} })),
  get('/staff/incidents', ['agent', 'approver', 'process_owner', 'compliance', 'admin']),
  send('POST', '/staff/incidents/retry', WORKERS, () => ({ path: '/staff/incidents/retry', form: {} })),

  // ── staff administration: admins change, compliance reads ────────────────────────────────────
  get('/api/admin/users', READERS),
  get('/api/admin/users/:id', READERS, (ids) => ({ path: `/api/admin/users/${ids.colleagueId}` })),
  send('POST', '/api/admin/users', ADMIN, () => ({ path: '/api/admin/users', json: {} })),
  send('PATCH', '/api/admin/users/:id', ADMIN, (ids) => ({
    path: `/api/admin/users/${ids.colleagueId}`,
    json: { notAField: true },
  })),
  send('POST', '/api/admin/users/:id/reset-password', ADMIN, (ids) => ({
    path: `/api/admin/users/${ids.colleagueId}/reset-password`,
  })),
  get('/api/admin/groups', READERS),
  send('POST', '/api/admin/groups', ADMIN, () => ({ path: '/api/admin/groups', json: {} })),
  send('PATCH', '/api/admin/groups/:key', ADMIN, (ids) => ({
    path: `/api/admin/groups/${ids.groups.rename}`,
    json: {},
  })),
  send('DELETE', '/api/admin/groups/:key', ADMIN, (ids) => ({
    path: `/api/admin/groups/${ids.groups.deleteApi}`,
  })),
  get('/staff/admin', READERS),
  send('POST', '/staff/admin/users', ADMIN, () => ({ path: '/staff/admin/users', form: {} })),
  get('/staff/admin/users/:id', READERS, (ids) => ({ path: `/staff/admin/users/${ids.colleagueId}` })),
  send('POST', '/staff/admin/users/:id', ADMIN, (ids) => ({
    path: `/staff/admin/users/${ids.colleagueId}`,
    form: {},
  })),
  send('POST', '/staff/admin/users/:id/reset-password', ADMIN, (ids) => ({
    path: `/staff/admin/users/${ids.colleagueId}/reset-password`,
    form: {},
  })),
  send('POST', '/staff/admin/groups', ADMIN, () => ({ path: '/staff/admin/groups', form: {} })),
  send('POST', '/staff/admin/groups/:key', ADMIN, (ids) => ({
    path: `/staff/admin/groups/${ids.groups.rename}`,
    form: {},
  })),
  send('POST', '/staff/admin/groups/:key/delete', ADMIN, (ids) => ({
    path: `/staff/admin/groups/${ids.groups.deletePage}/delete`,
    form: {},
  })),

  // ── process models: process owners ───────────────────────────────────────────────────────────
  get('/modeler', OWNERS),
  get('/api/modeler/templates', OWNERS),
  get('/api/modeler/groups', OWNERS),
  get('/api/process-definitions', OWNERS),
  send('POST', '/api/process-definitions', OWNERS, () => ({
    path: '/api/process-definitions',
    json: { xml: '' },
  })),
  send('POST', '/api/process-definitions/import', OWNERS, () => ({
    path: '/api/process-definitions/import',
    json: {},
  })),
  send('POST', '/api/process-definitions/dry-run', OWNERS, () => ({
    path: '/api/process-definitions/dry-run',
    json: {},
  })),
  get('/api/process-definitions/:key/:version', OWNERS, (ids) => ({
    path: `${pd(ids)}/${ids.process.version}`,
  })),
  get('/api/process-definitions/:key/versions', OWNERS, (ids) => ({ path: `${pd(ids)}/versions` })),
  get('/api/process-definitions/:key/diff', OWNERS, (ids) => ({
    path: `${pd(ids)}/diff?from=${ids.process.version}&to=${ids.process.version}`,
  })),
  send('POST', '/api/process-definitions/:key/migrate/preview', OWNERS, (ids) => ({
    path: `${pd(ids)}/migrate/preview`,
    json: {},
  })),
  send('POST', '/api/process-definitions/:key/migrate', OWNERS, (ids) => ({
    path: `${pd(ids)}/migrate`,
    json: {},
  })),
  get('/api/process-definitions/:key/:version/live', OWNERS, (ids) => ({
    path: `${pd(ids)}/${ids.process.version}/live`,
  })),
  get('/api/process-definitions/:key/:version/xml', OWNERS, (ids) => ({
    path: `${pd(ids)}/${ids.process.version}/xml`,
  })),

  // ── message templates: every member of staff reads and previews, process owners save ─────────
  get('/staff/templates', STAFF),
  get('/api/templates', STAFF),
  send('POST', '/api/templates/preview', STAFF, () => ({ path: '/api/templates/preview', json: {} })),
  get('/api/templates/:kind/:locale/:part', STAFF, () => ({ path: '/api/templates/acknowledgment/en/text' })),
  send('PUT', '/api/templates/:kind/:locale/:part', OWNERS, () => ({
    path: '/api/templates/acknowledgment/en/text',
    json: {},
  })),

  // ── regulation: profiles and calendars (admins change), clocks and outcomes (workers), returns ─
  get('/api/regulation/profiles', STAFF),
  get('/api/regulation/products', STAFF),
  send('PUT', '/api/regulation/products/:product', ADMIN, (ids) => ({
    path: `/api/regulation/products/${ids.mappedProduct}`,
    json: {},
  })),
  send('DELETE', '/api/regulation/products/:product', ADMIN, (ids) => ({
    path: `/api/regulation/products/${ids.mappedProduct}`,
  })),
  get('/api/regulation/calendars', STAFF),
  get('/api/regulation/calendars/:key', STAFF, (ids) => ({
    path: `/api/regulation/calendars/${ids.calendar.key}`,
  })),
  send('POST', '/api/regulation/calendars', ADMIN, () => ({ path: '/api/regulation/calendars', json: {} })),
  send('PATCH', '/api/regulation/calendars/:key', ADMIN, (ids) => ({
    path: `/api/regulation/calendars/${ids.calendar.key}`,
    json: { notAField: true },
  })),
  send('PUT', '/api/regulation/calendars/:key/holidays/:date', ADMIN, (ids) => ({
    path: `/api/regulation/calendars/${ids.calendar.key}/holidays/2031-01-01`,
    json: {},
  })),
  send('DELETE', '/api/regulation/calendars/:key/holidays/:date', ADMIN, (ids) => ({
    path: `/api/regulation/calendars/${ids.calendar.key}/holidays/${ids.calendar.holiday}`,
  })),
  get(
    '/api/regulation/complaints/:id/clocks',
    STAFF,
    (ids) => ({ path: `/api/regulation/complaints/${c(ids)}/clocks` }),
    {
      hidden: NOT_THEIRS,
    },
  ),
  send('POST', '/api/regulation/complaints/:id/clocks/:clock/:action', WORKERS, (ids) => ({
    path: `/api/regulation/complaints/${c(ids)}/clocks/finalResponse/no-such-action`,
    json: {},
  })),
  send('PUT', '/api/regulation/complaints/:id/outcome', WORKERS, (ids) => ({
    path: `/api/regulation/complaints/${c(ids)}/outcome`,
    json: { notAField: true },
  })),
  send('POST', '/api/regulation/letter-check', STAFF, () => ({
    path: '/api/regulation/letter-check',
    json: {},
  })),
  get('/api/regulation/letter-packs', ['process_owner', 'compliance', 'admin']),
  send('POST', '/api/regulation/letter-packs/:profile/install', OWNERS, (ids) => ({
    path: `/api/regulation/letter-packs/${ids.profile}/install`,
  })),
  get('/api/regulation/returns', READERS),
  get('/api/regulation/returns.csv', READERS),
  get('/staff/admin/calendars', READERS),
  send('POST', '/staff/admin/calendars', ADMIN, () => ({ path: '/staff/admin/calendars', form: {} })),
  get('/staff/admin/calendars/:key', READERS, (ids) => ({
    path: `/staff/admin/calendars/${ids.calendar.key}`,
  })),
  send('POST', '/staff/admin/calendars/:key', ADMIN, (ids) => ({
    path: `/staff/admin/calendars/${ids.calendar.key}`,
    form: {},
  })),
  send('POST', '/staff/admin/calendars/:key/holidays', ADMIN, (ids) => ({
    path: `/staff/admin/calendars/${ids.calendar.key}/holidays`,
    form: {},
  })),
  send('POST', '/staff/admin/calendars/:key/holidays/:date/delete', ADMIN, (ids) => ({
    // Not a date: a non-admin must be refused before the date is read.
    path: `/staff/admin/calendars/${ids.calendar.key}/holidays/not-a-date/delete`,
    form: {},
  })),
  get('/staff/compliance/returns', READERS),
  get('/staff/compliance/returns.csv', READERS),

  // ── compliance: history, search, audit, exports, reports (read); pseudonymisation (admins) ────
  get('/api/compliance/complaints', READERS),
  get('/api/compliance/complaints/export.csv', READERS),
  get('/api/compliance/complaints/:id/history', READERS, (ids) => ({
    path: `/api/compliance/complaints/${c(ids)}/history`,
  })),
  get('/api/compliance/audit', READERS),
  get('/api/compliance/audit/verify', READERS),
  get('/api/compliance/audit/export.:format', READERS, () => ({ path: '/api/compliance/audit/export.json' })),
  get('/api/compliance/customers/:id/export', READERS, (ids) => ({
    path: `/api/compliance/customers/${ids.complaint.customerId}/export`,
  })),
  get('/api/compliance/customers/:id/retention', READERS, (ids) => ({
    path: `/api/compliance/customers/${ids.complaint.customerId}/retention`,
  })),
  // B's customer has an open complaint: the pseudonymisation is refused (409) after the access check.
  send('POST', '/api/compliance/customers/:id/pseudonymise', ADMIN, (ids) => ({
    path: `/api/compliance/customers/${ids.complaint.customerId}/pseudonymise`,
  })),
  get('/api/reports', READERS),
  // The compliance pages' stylesheet: static, nothing in it to protect.
  get('/staff/compliance/assets/compliance.css', ANYONE),
  get('/staff/compliance', READERS),
  get('/staff/compliance/search', READERS),
  get('/staff/compliance/complaints/:id/history', READERS, (ids) => ({
    path: `/staff/compliance/complaints/${c(ids)}/history`,
  })),
  get('/staff/compliance/complaints/:id/history/print', READERS, (ids) => ({
    path: `/staff/compliance/complaints/${c(ids)}/history/print`,
  })),
  get('/staff/compliance/audit', READERS),
  get('/staff/compliance/customers/:id', READERS, (ids) => ({
    path: `/staff/compliance/customers/${ids.complaint.customerId}`,
  })),
  send('POST', '/staff/compliance/customers/:id/pseudonymise', ADMIN, (ids) => ({
    path: `/staff/compliance/customers/${ids.complaint.customerId}/pseudonymise`,
    form: {},
  })),
  get('/staff/reports', READERS),
];

/** `METHOD /path/template`, the key the coverage check compares. */
export const ruleKey = (r: { method: string; path: string }): string => `${r.method} ${r.path}`;

/** What `principal` should meet on this route. */
export function expectation(rule: AccessRule, principal: Principal): Expectation {
  if (principal === 'customer') {
    // A's code or link never opens B; elsewhere a customer is as anonymous as anyone.
    if (rule.customerToken) return 'hidden';
    return rule.allow.includes('anonymous') ? 'allow' : 'deny';
  }
  if (!rule.allow.includes(principal)) return 'deny';
  return principal !== 'anonymous' && rule.hidden?.includes(principal) ? 'hidden' : 'allow';
}
