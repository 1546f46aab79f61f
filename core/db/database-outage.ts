import type { DataSource } from 'typeorm';

/**
 * Whether `err` says the connection to PostgreSQL was lost or refused, rather than that a statement
 * failed: SQLSTATE class 08 (connection exception), 57P01–57P03 (shut down, starting up), or the
 * messages `pg` gives a connection that ends under it, or a TypeORM query runner released because its
 * connection ended. Looks through TypeORM's `driverError` and `cause`.
 */
export function isConnectionLoss(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, message, name } = e as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof code === 'string' && /^(08...|57P0[123])$/.test(code)) return true;
    // TypeORM releases a query runner whose connection ended; its next statement says so.
    if (name === 'QueryRunnerAlreadyReleasedError') return true;
    if (
      typeof message === 'string' &&
      /Connection terminated|terminating connection|the database system is (starting up|shutting down|in recovery)/i.test(
        message,
      )
    )
      return true;
    const next = e as { driverError?: unknown; cause?: unknown };
    e = next.driverError ?? next.cause;
  }
  return false;
}

/** Whether PostgreSQL answers a trivial query now. */
export async function databaseAnswers(dataSource: DataSource): Promise<boolean> {
  try {
    await dataSource.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `fn` again, backing off from 250 ms to 2 s, for as long as it fails because PostgreSQL is
 * unreachable or restarting (the error is a lost connection, or the database does not answer) and
 * `forMs` have not passed; any other failure, one that `deliberate` recognises, and the last one, are
 * thrown. For work that is safe to repeat and whose retries are counted (a service task's bounded
 * attempts): a database restart is not the outside world failing, so it should not use them up.
 */
export async function retryThroughDatabaseOutage<T>(
  dataSource: DataSource,
  fn: () => Promise<T>,
  opts: { forMs: number; deliberate?: (err: unknown) => boolean },
): Promise<T> {
  const deadline = Date.now() + opts.forMs;
  for (let delay = 250; ; delay = Math.min(delay * 2, 2000)) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() + delay > deadline || opts.deliberate?.(err)) throw err;
      if (!isConnectionLoss(err) && (await databaseAnswers(dataSource))) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
