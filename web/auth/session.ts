import connectPgSimple from 'connect-pg-simple';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import type { RequestHandler } from 'express';
import session from 'express-session';
import { Pool } from 'pg';
import { StaffUser } from '../../core/db/entities';
import { identityOf, type StaffIdentity } from '../../core/staff/staff.service';
import type { WebContext } from '../context';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The logged-in member of staff, loaded fresh on every request so role changes apply at once. */
    staff?: StaffIdentity & { mustChangePassword: boolean; locale: string };
  }
}

export const SESSION_COOKIE = 'redress.sid';

/**
 * Sessions in PostgreSQL (they survive restarts and work across several web processes), cookies
 * httpOnly + SameSite=Lax (+ Secure behind https), 8-hour idle expiry, and double-submit CSRF
 * tokens for every state-changing request that carries the session cookie.
 */
export function sessionMiddleware(ctx: WebContext): {
  handlers: RequestHandler[];
  csrfToken: (req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]) => string;
  close(): Promise<void>;
} {
  const secure = ctx.config.PUBLIC_URL.startsWith('https://');
  const pool = new Pool({
    connectionString: ctx.config.DATABASE_URL,
    max: 5,
    application_name: 'redress-web-sessions',
  });
  // An idle connection that PostgreSQL drops (restart, failover) is an 'error' event on the pool;
  // unhandled, it would end the process. The pool discards that connection and opens a new one.
  pool.on('error', (err) => console.error('[web] session store connection lost:', err.message));
  const PgStore = connectPgSimple(session);
  const sessions = session({
    name: SESSION_COOKIE,
    secret: ctx.secret,
    store: new PgStore({
      pool,
      tableName: 'session',
      createTableIfMissing: false,
      pruneSessionInterval: 15 * 60,
    }),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: 8 * 60 * 60 * 1000 },
  });

  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => ctx.secret,
    // Bind the token to the session; before login, to the anonymous session cookie or nothing.
    getSessionIdentifier: (req) => req.sessionID ?? '',
    cookieName: secure ? '__Host-redress.csrf' : 'redress.csrf',
    cookieOptions: { sameSite: 'lax', secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) =>
      (req.headers['x-csrf-token'] as string | undefined) ??
      (req.body as { _csrf?: string } | undefined)?._csrf,
    // Requests without our session cookie (the public complaint API, customers' pages) carry no
    // ambient authority, so they need no CSRF token; everything staff does does.
    skipCsrfProtection: (req) => !req.cookies?.[SESSION_COOKIE],
    errorConfig: {
      statusCode: 403,
      message: 'The form has expired or did not come from Redress. Reload the page and try again.',
    },
  });

  const loadStaff: RequestHandler = async (req, _res, next) => {
    try {
      const id = req.session?.userId;
      if (id) {
        const user = await ctx.dataSource.getRepository(StaffUser).findOneBy({ id });
        if (user?.active)
          req.staff = {
            ...identityOf(user),
            mustChangePassword: user.mustChangePassword,
            locale: user.locale,
          };
        else delete req.session.userId;
      }
      next();
    } catch (err) {
      next(err);
    }
  };

  return {
    handlers: [cookieParser(), sessions, loadStaff, doubleCsrfProtection],
    csrfToken: (req, res) => generateCsrfToken(req, res),
    close: () => pool.end(),
  };
}
