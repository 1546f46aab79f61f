import express from 'express';
import helmet from 'helmet';
import { complaintsController } from './api/complaints.controller';
import { healthController } from './api/health.controller';
import { processDefinitionsController } from './api/process-definitions.controller';
import type { WebContext } from './context';
import { errorMiddleware, NotFoundError } from './http-errors';

/** The Express app: JSON API under /api (pages are mounted by their own modules). */
export function createApp(ctx: WebContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  app.use(express.json({ limit: '1mb' }));

  const api = express.Router();
  api.use(healthController(ctx));
  api.use(complaintsController(ctx));
  // Until staff login exists every deploy is recorded as the system's; the staff module replaces this.
  api.use(processDefinitionsController(ctx, () => 'system'));
  api.use(() => {
    throw new NotFoundError('No such API endpoint.');
  });
  app.use('/api', api);

  app.get('/', (_req, res) => res.redirect('/api/health'));
  app.use(errorMiddleware((err) => console.error('[web] unhandled error:', err)));
  return app;
}
