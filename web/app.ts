import express from 'express';
import helmet from 'helmet';
import { complaintsController } from './api/complaints.controller';
import { healthController } from './api/health.controller';
import { processDefinitionsController } from './api/process-definitions.controller';
import { authController } from './auth/auth.controller';
import { requireRole } from './auth/require-role';
import { sessionMiddleware } from './auth/session';
import type { WebContext } from './context';
import { errorMiddleware, NotFoundError } from './http-errors';

export interface WebApp {
  app: express.Express;
  /** Releases what the app holds besides the context (the session store's pool). */
  close(): Promise<void>;
}

/** The Express app: JSON API under /api, staff pages, customer pages, the modeler. */
export function createApp(ctx: WebContext): WebApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  const sessions = sessionMiddleware(ctx);
  app.use(sessions.handlers);

  const api = express.Router();
  api.use(healthController(ctx));
  api.use(authController(ctx, sessions.csrfToken));
  api.use(complaintsController(ctx));
  api.use('/process-definitions', requireRole('process_owner'));
  api.use(processDefinitionsController(ctx, (req) => `user:${req.staff!.userId}`));
  api.use(() => {
    throw new NotFoundError('No such API endpoint.');
  });
  app.use('/api', api);

  app.get('/', (_req, res) => res.redirect('/api/health'));
  app.use(errorMiddleware((err) => console.error('[web] unhandled error:', err)));
  return { app, close: sessions.close };
}
