import { randomUUID } from 'node:crypto';
import type { Role } from '../../core/db/entities';
import { StaffService } from '../../core/staff/staff.service';
import type { TestSystem } from './test-system';

/** A logged-in member of staff talking to the real web app over HTTP, with cookies and CSRF token. */
export interface StaffClient {
  email: string;
  userId: string;
  request(method: string, path: string, body?: unknown): Promise<Response>;
  json<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  cookieHeader(): string;
}

/** Creates a staff user with these roles and groups (through the real service) and logs in over HTTP. */
export async function loginAs(
  sys: TestSystem,
  roles: Role[],
  groups: string[] = [],
  label = roles.join('-') || 'staff',
): Promise<StaffClient> {
  const email = `${label}.${randomUUID().slice(0, 8)}@staff.test`;
  const password = `pw-${randomUUID()}`;
  const user = await new StaffService(sys.dataSource).create(
    { email, name: label, password, roles, groups },
    'system',
  );
  const jar = new Map<string, string>();
  let csrf = '';
  const remember = (res: Response): void => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...value] = pair!.split('=');
      jar.set(name!.trim(), value.join('='));
    }
  };
  const cookieHeader = (): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const request = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const res = await fetch(`${sys.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(jar.size ? { cookie: cookieHeader() } : {}),
        ...(csrf ? { 'x-csrf-token': csrf } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    remember(res);
    return res;
  };
  const login = await request('POST', '/api/auth/login', { email, password });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  return {
    email,
    userId: user.id,
    request,
    cookieHeader,
    async json<T>(method: string, path: string, body?: unknown) {
      const res = await request(method, path, body);
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
    },
  };
}
