import { randomUUID } from 'node:crypto';
import { loginAs, type StaffClient } from '../support/staff-client';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { complaint, insertComplaint, insertCustomer } from './compliance-seed';

/**
 * Compliance reads everything and changes nothing; agents do not see compliance at all.
 * Every state-changing staff endpoint of the app is listed here (API and page forms); a new one
 * belongs in this table. Public customer endpoints (intake, tracking, survey) and one's own
 * session and password are not staff powers and are left out.
 */
const ID = '00000000-0000-4000-8000-000000000001';
const MUTATING: [method: string, path: string][] = [
  // process models
  ['POST', '/api/process-definitions'],
  ['POST', '/api/process-definitions/import'],
  ['POST', '/api/process-definitions/complaint/migrate'],
  // message templates
  ['PUT', '/api/templates/acknowledgment/en/text'],
  // tasks
  ['POST', `/api/tasks/${ID}/claim`],
  ['POST', `/api/tasks/${ID}/reassign`],
  ['POST', `/api/tasks/${ID}/complete`],
  ['POST', `/staff/tasks/${ID}/claim`],
  ['POST', `/staff/tasks/${ID}/reassign`],
  // complaints entered, annotated, questioned
  ['POST', '/api/staff/complaints'],
  ['POST', `/api/staff/complaints/${ID}/notes`],
  ['POST', `/api/staff/complaints/${ID}/info-requests`],
  ['POST', '/staff/complaints/new'],
  ['POST', `/staff/complaints/${ID}/notes`],
  ['POST', `/staff/complaints/${ID}/info-requests`],
  // incidents
  ['POST', '/api/incidents/retry'],
  ['POST', '/staff/incidents/retry'],
  // administration
  ['POST', '/api/admin/users'],
  ['PATCH', `/api/admin/users/${ID}`],
  ['POST', `/api/admin/users/${ID}/reset-password`],
  ['POST', '/api/admin/groups'],
  ['PATCH', '/api/admin/groups/quality'],
  ['DELETE', '/api/admin/groups/quality'],
  ['POST', '/staff/admin/users'],
  ['POST', `/staff/admin/users/${ID}`],
  ['POST', `/staff/admin/users/${ID}/reset-password`],
  ['POST', '/staff/admin/groups'],
  ['POST', '/staff/admin/groups/quality'],
  ['POST', '/staff/admin/groups/quality/delete'],
  // privacy
  ['POST', `/api/compliance/customers/${ID}/pseudonymise`],
  ['POST', `/staff/compliance/customers/${ID}/pseudonymise`],
];

describe('roles: compliance reads everything and changes nothing; agents see no compliance', () => {
  let sys: TestSystem;
  let compliance: StaffClient;
  let agent: StaffClient;
  let complaintId: string;
  let customerId: string;
  beforeAll(async () => {
    sys = await startTestSystem();
    customerId = randomUUID();
    await insertCustomer(sys.dataSource, {
      id: customerId,
      name: 'Role Test',
      email: 'role.test@example.test',
      phone: null,
    });
    const c = complaint(customerId, new Date('2025-05-05T10:00:00Z'));
    complaintId = c.id;
    await insertComplaint(sys.dataSource, c);
    compliance = await loginAs(sys, ['compliance']);
    agent = await loginAs(sys, ['agent'], ['quality']);
  });
  afterAll(async () => {
    await sys?.close();
  });

  const readable = (): [string, 'json' | 'html' | 'csv'][] => [
    ['/api/compliance/complaints', 'json'],
    ['/api/compliance/complaints/export.csv', 'csv'],
    [`/api/compliance/complaints/${complaintId}/history`, 'json'],
    ['/api/compliance/audit', 'json'],
    ['/api/compliance/audit/verify', 'json'],
    ['/api/compliance/audit/export.csv?from=2020-01-01&to=2030-01-01', 'csv'],
    ['/api/compliance/audit/export.json?from=2020-01-01&to=2030-01-01', 'json'],
    [`/api/compliance/customers/${customerId}/export`, 'json'],
    [`/api/compliance/customers/${customerId}/retention`, 'json'],
    ['/api/reports', 'json'],
    ['/staff/compliance', 'html'],
    ['/staff/compliance/search', 'html'],
    [`/staff/compliance/complaints/${complaintId}/history`, 'html'],
    [`/staff/compliance/complaints/${complaintId}/history/print`, 'html'],
    ['/staff/compliance/audit', 'html'],
    [`/staff/compliance/customers/${customerId}`, 'html'],
    ['/staff/reports', 'html'],
  ];

  it('should let compliance read every compliance page, export and report', async () => {
    for (const [path, kind] of readable()) {
      const res = await compliance.request('GET', path);
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers.get('content-type')).toContain(
        kind === 'json' ? 'application/json' : kind === 'csv' ? 'text/csv' : 'text/html',
      );
      await res.arrayBuffer();
    }
  });

  it('should answer 403 to compliance on every state-changing staff endpoint', async () => {
    const allowed: string[] = [];
    for (const [method, path] of MUTATING) {
      const res = await compliance.request(method, path, {});
      if (res.status !== 403) allowed.push(`${method} ${path} → ${res.status}`);
      await res.arrayBuffer();
    }
    expect(allowed).toEqual([]);
  });

  it('should answer 403 to an agent on every compliance page and API', async () => {
    const open: string[] = [];
    for (const [path] of readable()) {
      const res = await agent.request('GET', path);
      if (res.status !== 403) open.push(`${path} → ${res.status}`);
      await res.arrayBuffer();
    }
    expect(open).toEqual([]);
  });

  it('should send a visitor without a session to the login page, and answer 401 on the API', async () => {
    const page = await fetch(`${sys.baseUrl}/staff/compliance/audit`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/staff/login?next=%2Fstaff%2Fcompliance%2Faudit');
    expect((await fetch(`${sys.baseUrl}/api/compliance/audit`)).status).toBe(401);
    expect((await fetch(`${sys.baseUrl}/api/reports`)).status).toBe(401);
  });
});
