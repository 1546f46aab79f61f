import { Router, type ErrorRequestHandler } from 'express';
import type { WebContext } from '../context';
import { adminController } from './admin.controller';
import { incidentsController } from './incidents.controller';
import { adminPagesController } from './pages/admin-pages.controller';
import { authPagesController } from './pages/auth-pages.controller';
import { complaintClockPagesController } from './pages/complaint-clocks';
import { complaintPagesController } from './pages/complaint-pages.controller';
import { inboxPagesController } from './pages/inbox-pages.controller';
import { incidentPagesController } from './pages/incident-pages.controller';
import { pageErrors } from './pages/staff-page';
import { createStaffDeps } from './staff-deps';
import { staffComplaintsController } from './staff-complaints.controller';
import { tasksController } from './tasks.controller';

/** The staff workspace as app.ts mounts it. */
export interface StaffWorkspace {
  /** JSON API routes, mounted under `/api`. */
  api: Router;
  /** Pages, mounted at the root (they all live under `/staff`). */
  pages: Router;
  /** Renders errors of `/staff` pages (including the CSRF check's) as pages; mount after `pages`. */
  pageErrors: ErrorRequestHandler;
  close(): Promise<void>;
}

/**
 * Staff accounts and roles, the task inbox with live updates, task forms, the complaint view with
 * notes and questions to the customer, staff-entered complaints, incidents and administration.
 */
export function staffWorkspace(ctx: WebContext): StaffWorkspace {
  const deps = createStaffDeps(ctx);
  const api = Router();
  api.use(tasksController(deps));
  api.use(adminController(deps));
  api.use(staffComplaintsController(deps));
  api.use(incidentsController(deps));

  const pages = Router();
  pages.use(authPagesController(deps));
  pages.use(inboxPagesController(deps));
  pages.use(complaintPagesController(deps));
  pages.use(complaintClockPagesController(deps));
  pages.use(incidentPagesController(deps));
  pages.use(adminPagesController(deps));

  return { api, pages, pageErrors, close: () => deps.close() };
}
