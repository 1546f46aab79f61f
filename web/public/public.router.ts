import { checkMandatoryClauses } from '../../core/regulation/letter-pack';
import { profileByKey } from '../../core/regulation/profiles';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { AttachmentService } from '../../core/intake/attachment.service';
import { CustomerMessageService } from '../../core/intake/customer-message.service';
import { FormIntakeService } from '../../core/intake/form-intake.service';
import { TrackingService } from '../../core/intake/tracking.service';
import { SurveyService } from '../../core/surveys/survey.service';
import { TemplateEditorService } from '../../core/templates-store/template-editor.service';
import { TemplateStore } from '../../core/templates-store/template-store';
import { TemplateRenderer } from '../../templates/renderer';
import type { WebContext } from '../context';
import { HttpError } from '../http-errors';
import {
  templatesApiController,
  templatesPageController,
} from '../templates-editor/templates-editor.controller';
import { attachmentsController } from './attachments.controller';
import { complaintFormController } from './complaint-form.controller';
import { devOutboxController } from './dev-outbox.controller';
import { openApiController } from './openapi.controller';
import { customerLocale } from './public-locale';
import { renderNotice } from './public-pages';
import { customerRateLimit, RATE_LIMITS } from './rate-limits';
import { surveyController } from './survey.controller';
import { trackingController } from './tracking.controller';

type CsrfToken = (req: Request, res: Response) => string;

/** Everything customers touch, and the staff tools around it, as routers for web/app.ts to mount. */
export interface CustomerRouters {
  /** Customer pages. Mount BEFORE the session middleware: no session, no CSRF token, no staff cookie read. */
  pages: Router;
  /** Staff pages (template editor, development outbox). Mount after the session middleware. */
  staffPages: Router;
  /** JSON endpoints for the `/api` router: OpenAPI document, templates, attachments. */
  api: Router;
}

/** Errors on customer pages become a translated page, not the API's JSON; details go to the log only. */
const customerErrorPage: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  const locale = customerLocale(req, res);
  const status = err instanceof HttpError ? err.status : ((err as { status?: number }).status ?? 500);
  if (status >= 500) console.error('[web] customer page failed:', err);
  if (status === 404) return renderNotice(res, locale, 404, 'error.notFoundTitle', 'error.notFound');
  if (status >= 400 && status < 500)
    return renderNotice(res, locale, status, 'error.serverErrorTitle', 'form.errors.generic');
  renderNotice(res, locale, 500, 'error.serverErrorTitle', 'error.serverError');
};

/** Builds the customer-facing routers and the services behind them. */
export function customerRouters(ctx: WebContext, csrfToken: CsrfToken): CustomerRouters {
  const attachments = new AttachmentService(ctx.dataSource, ctx.config.REDRESS_DATA_DIR);
  const messages = new CustomerMessageService(ctx.dataSource, ctx.temporal, attachments);
  const tracking = new TrackingService(ctx.dataSource, ctx.temporal, ctx.config);
  const surveys = new SurveyService(ctx.dataSource, ctx.temporal, ctx.secret);
  const formIntake = new FormIntakeService(ctx.intake, attachments);
  const profile = profileByKey(ctx.config.JURISDICTION_PROFILE);
  const editor = new TemplateEditorService(
    new TemplateStore(ctx.dataSource),
    new TemplateRenderer(),
    undefined,
    (kind, locale, text) => checkMandatoryClauses(kind, locale, text, profile).missing.map((c) => c.label),
  );

  const pages = Router();
  pages.use(cookieParser());
  pages.use(
    '/customer-assets',
    express.static(path.join(__dirname, 'assets'), { maxAge: '1h', index: false }),
  );
  pages.use(complaintFormController(ctx, formIntake, attachments.dir));
  const pageLimit = customerRateLimit(RATE_LIMITS.customerPages);
  pages.use(['/track', '/survey'], pageLimit);
  pages.use(trackingController(tracking, messages, attachments.dir));
  pages.use(surveyController(surveys));
  pages.use(customerErrorPage);

  const staffPages = Router();
  staffPages.use(devOutboxController(ctx));
  staffPages.use(templatesPageController(csrfToken));

  const api = Router();
  api.use(openApiController(ctx));
  api.use(templatesApiController(editor));
  api.use(attachmentsController(ctx, attachments));

  return { pages, staffPages, api };
}
