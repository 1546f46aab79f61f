import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { complaintsController } from './api/complaints.controller';
import { healthController } from './api/health.controller';
import { processDefinitionsController } from './api/process-definitions.controller';
import { authController } from './auth/auth.controller';
import { requireRole } from './auth/require-role';
import { sessionMiddleware } from './auth/session';
import type { WebContext } from './context';
import { complianceApiController } from './compliance/compliance-api.controller';
import { compliancePagesController } from './compliance/compliance-pages.controller';
import { complianceServices } from './compliance/compliance-services';
import { errorMiddleware, NotFoundError } from './http-errors';
import { modelerWorkspace } from './modeler/modeler-workspace';
import { CLIENT_DIST } from './pages/assets';
import { reportsApiController } from './reports/reports.controller';
import { reportsPagesController } from './reports/reports-pages.controller';
import { customerRouters } from './public/public.router';
import { regulationApiController } from './regulation/regulation-api.controller';
import {
  calendarPagesController,
  returnsCsvController,
  returnsPagesController,
} from './regulation/regulation-pages.controller';
import { regulationServices } from './regulation/regulation-services';
import { staffWorkspace } from './staff/staff-workspace';
import { rejectHostileInput } from './validate';

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
  // Static files before sessions: no session lookup for a stylesheet. Bundles have hashed names, so they never change.
  app.use('/static', express.static(path.join(__dirname, 'static'), { maxAge: '1h', index: false }));
  app.use(
    '/assets',
    express.static(CLIENT_DIST, { immutable: true, maxAge: '1y', index: false, fallthrough: false }),
  );
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  // Every route, pages too: a NUL character or a prototype key in the query or a parsed body is a 400.
  // (Multipart forms are parsed later; the complaint form and the tracking reply check their fields.)
  app.use(rejectHostileInput);
  const sessions = sessionMiddleware(ctx);
  // Customer pages before the sessions: no session, so no CSRF token to carry and no staff cookie read.
  const customer = customerRouters(ctx, sessions.csrfToken);
  app.use(customer.pages);
  app.use(sessions.handlers);
  // Staff pages (and any page a member of staff opens) get a CSRF token for their forms and scripts.
  app.use((req, res, next) => {
    if (!req.path.startsWith('/api/') && (req.staff || req.path.startsWith('/staff')))
      res.locals.csrfToken = sessions.csrfToken(req, res);
    next();
  });
  const staff = staffWorkspace(ctx);
  const compliance = complianceServices(ctx);
  const modeler = modelerWorkspace(ctx);
  const regulation = regulationServices(ctx);

  const api = express.Router();
  api.use(healthController(ctx));
  api.use(authController(ctx, sessions.csrfToken));
  api.use(complaintsController(ctx));
  api.use('/process-definitions', requireRole('process_owner'));
  // Before the generic `/process-definitions/:key/:version`: `…/diff`, `…/versions` are not versions.
  api.use(modeler.api);
  api.use(processDefinitionsController(ctx, (req) => `user:${req.staff!.userId}`));
  api.use('/regulation', regulationApiController(ctx, regulation));
  api.use(customer.api);
  api.use(staff.api);
  api.use('/compliance', requireRole('compliance'), complianceApiController(ctx, compliance));
  api.use('/reports', requireRole('compliance'), reportsApiController(compliance));
  api.use(() => {
    throw new NotFoundError('No such API endpoint.');
  });
  app.use('/api', api);
  app.use('/staff/compliance/returns.csv', returnsCsvController(regulation));
  app.use('/staff/compliance/returns', returnsPagesController(regulation));
  app.use('/staff/admin/calendars', calendarPagesController(regulation));
  app.use('/staff/compliance', compliancePagesController(ctx, compliance, sessions.csrfToken));
  app.use('/staff/reports', reportsPagesController(compliance));
  app.use(customer.staffPages);
  app.use(staff.pages);
  app.use(modeler.pages);
  app.use('/staff', staff.pageErrors);

  app.get('/', (_req, res) => res.redirect('/complain'));
  app.use(errorMiddleware((err) => console.error('[web] unhandled error:', err)));
  return {
    app,
    close: async () => {
      await staff.close();
      await sessions.close();
    },
  };
}
