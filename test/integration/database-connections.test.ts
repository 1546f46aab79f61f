import { Client as PgClient } from 'pg';
import { loginAs } from '../support/staff-client';
import { startTestSystem, type TestSystem } from '../support/test-system';

// What a PostgreSQL restart or failover does to the web process: every connection it holds ends at
// once. The fault-injection test (test/e2e/chaos.test.ts) kills PostgreSQL itself; this is the
// deterministic part of it.
describe('web process when PostgreSQL ends its connections', () => {
  let sys: TestSystem;

  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('should keep serving a logged-in member of staff after PostgreSQL ends every connection of the app', async () => {
    // given a member of staff whose last request left idle connections in the session store's pool
    const staff = await loginAs(sys, ['agent']);
    expect((await staff.json('GET', '/api/auth/me')).status).toBe(200);

    // when PostgreSQL ends every connection to this database but ours, as a restart would
    const pg = new PgClient({ connectionString: sys.config.DATABASE_URL });
    await pg.connect();
    let ended: string[];
    try {
      const { rows } = await pg.query<{ app: string }>(
        `SELECT "application_name" AS app, pg_terminate_backend("pid")
           FROM pg_stat_activity WHERE "datname" = current_database() AND "pid" <> pg_backend_pid()`,
      );
      ended = rows.map((r) => r.app);
    } finally {
      await pg.end();
    }
    expect(ended).toContain('redress-web-sessions');
    // (an unhandled 'error' event of a pool would end this process here)
    await new Promise((resolve) => setTimeout(resolve, 500));

    // then the same session still works, on new connections
    const me = await staff.json<{ user: { userId: string } }>('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.userId).toBe(staff.userId);
  });
});
