import { Client as PgClient } from 'pg';
import { databaseAnswers, isConnectionLoss, retryThroughDatabaseOutage } from '../../core/db/database-outage';
import { loginAs } from '../support/staff-client';
import { eventually, startTestSystem, type TestSystem } from '../support/test-system';

// What a PostgreSQL restart or failover does to Redress: every connection ends at once. The
// fault-injection test (test/e2e/chaos.test.ts) kills PostgreSQL itself; this is the deterministic part.
describe('Redress when PostgreSQL ends its connections', () => {
  let sys: TestSystem;

  /** Ends the backends of this suite's database (but the one asking) whose application name matches. */
  async function terminateBackends(applicationName = '%'): Promise<string[]> {
    const pg = new PgClient({ connectionString: sys.config.DATABASE_URL });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ app: string }>(
        `SELECT "application_name" AS app, pg_terminate_backend("pid") FROM pg_stat_activity
          WHERE "datname" = current_database() AND "pid" <> pg_backend_pid() AND "application_name" LIKE $1`,
        [applicationName],
      );
      return rows.map((r) => r.app);
    } finally {
      await pg.end();
    }
  }

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
    expect(await terminateBackends()).toContain('redress-web-sessions');
    // (an unhandled 'error' event of a pool would end this process here)
    await new Promise((resolve) => setTimeout(resolve, 500));

    // then the same session still works, on new connections
    const me = await staff.json<{ user: { userId: string } }>('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.userId).toBe(staff.userId);
  });

  it('should tell a connection PostgreSQL ended from a statement it refused', async () => {
    // given a connection of the app's pool that PostgreSQL ends while it is held
    const runner = sys.dataSource.createQueryRunner();
    await runner.connect();
    const [{ pid }] = (await runner.query('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
    const lost = await (async () => {
      try {
        await sys.dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
        await runner.query('SELECT 1');
        return undefined;
      } catch (err) {
        return err;
      } finally {
        await runner.release().catch(() => undefined);
      }
    })();
    // when a statement fails on its own merits (on a live connection: the pool may first hand out
    // the ended one once more, and that statement fails as lost, which is what the retry is for)
    await eventually('the pool to answer again', () => databaseAnswers(sys.dataSource));
    const refused = await sys.dataSource.query('SELECT * FROM no_such_table').catch((err: unknown) => err);

    // then only the first counts as the database being away
    expect(lost).toBeInstanceOf(Error);
    expect(isConnectionLoss(lost)).toBe(true);
    expect(refused).toBeInstanceOf(Error);
    expect(isConnectionLoss(refused)).toBe(false);
  });

  it('should repeat work that lost its connection, and not work whose statement was refused', async () => {
    // given work whose first run loses its connection to PostgreSQL
    let runs = 0;
    const result = await retryThroughDatabaseOutage(
      sys.dataSource,
      async () => {
        runs++;
        if (runs === 1) {
          // a statement under way when PostgreSQL ends every connection of the app's pool
          const sleeping = sys.dataSource.query('SELECT pg_sleep(5)');
          await terminateBackends('redress');
          await sleeping;
        }
        return ((await sys.dataSource.query('SELECT 42 AS answer')) as [{ answer: number }])[0].answer;
      },
      { forMs: 10_000 },
    );
    // then it ran again and succeeded
    expect(result).toBe(42);
    expect(runs).toBe(2);

    // given work that fails while the database answers
    let refusedRuns = 0;
    const refused = retryThroughDatabaseOutage(
      sys.dataSource,
      async () => {
        refusedRuns++;
        await sys.dataSource.query('SELECT * FROM no_such_table');
      },
      { forMs: 10_000 },
    );
    // then its error comes back at once
    await expect(refused).rejects.toThrow(/no_such_table/);
    expect(refusedRuns).toBe(1);
  });
});
