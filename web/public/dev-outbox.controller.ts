import path from 'node:path';
import { Router, type RequestHandler } from 'express';
import { OutboundMessage } from '../../core/db/entities';
import { readCaughtMail } from '../../core/infra/smtp-catcher';
import { readSunkSms } from '../../core/messaging/sms-provider';
import type { WebContext } from '../context';
import { NotFoundError } from '../http-errors';
import { renderPage } from '../pages/view-renderer';
import { pageSignedIn } from '../staff/pages/staff-page';
import { CUSTOMER_CSS } from './public-pages';

const SHOWN = 100;

/**
 * `/dev/outbox` (development only, for signed-in staff; 404 in production): the mail the local SMTP catcher caught, the
 * SMS the sink stored, and the outbox rows with their delivery status. HTML emails are shown in a
 * sandboxed iframe (no scripts, no same-origin), never inlined into the page.
 */
export function devOutboxController(ctx: WebContext): Router {
  const router = Router();
  // Every customer's messages are on it: staff only, even on a developer's machine.
  const developmentOnly: RequestHandler = (_req, _res, next) =>
    next(ctx.config.NODE_ENV === 'production' ? new NotFoundError() : undefined);
  router.get('/dev/outbox', developmentOnly, pageSignedIn, async (_req, res) => {
    const [mail, outbox] = await Promise.all([
      readCaughtMail(path.join(ctx.config.REDRESS_DATA_DIR, 'mail')),
      ctx.dataSource.getRepository(OutboundMessage).find({ order: { createdAt: 'DESC' }, take: SHOWN }),
    ]);
    const sms = readSunkSms(path.join(ctx.config.REDRESS_DATA_DIR, 'sms'));
    renderPage(
      res,
      'public/dev-outbox',
      {
        title: 'Sent mail and SMS (development)',
        mail: mail
          .slice(-SHOWN)
          .reverse()
          .map((m) => ({ ...m, to: m.to.join(', '), rtl: /dir="rtl"/.test(m.html) })),
        sms: sms.slice(-SHOWN).reverse(),
        outbox,
        styles: [CUSTOMER_CSS],
      },
      'staff',
    );
  });
  return router;
}
