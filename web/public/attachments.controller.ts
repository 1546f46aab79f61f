import { createReadStream } from 'node:fs';
import { Router } from 'express';
import { z } from 'zod';
import { Complaint } from '../../core/db/entities';
import type { AttachmentService } from '../../core/intake/attachment.service';
import { ALLOWED_TYPES } from '../../core/intake/file-types';
import { requireStaff } from '../auth/require-role';
import type { WebContext } from '../context';
import { NotFoundError } from '../http-errors';
import { assertMayViewComplaint } from '../staff/complaint-access';
import { httpCall } from '../staff/guards';
import { parseInput } from '../validate';

const listQuery = z.object({ complaintId: z.uuid('complaintId must be a complaint id') });
const idParam = z.object({ id: z.uuid('Not an attachment id') });

/** The type a stored file is served with: one of the allowed ones, never anything a browser would run. */
export function servedContentType(stored: string): string {
  if (stored === 'text/plain') return 'text/plain; charset=utf-8';
  return Object.keys(ALLOWED_TYPES).includes(stored) ? stored : 'application/octet-stream';
}

/** RFC 6266 / 5987 filename for Content-Disposition: an ASCII fallback and the UTF-8 original. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\w .()+-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Customers' evidence, for staff only (`/api/attachments`): the list of a complaint's attachments
 * and each file as a download — `Content-Disposition: attachment`, `nosniff`, a sandboxing CSP and
 * the sniffed, allowed content type, so nothing a customer sent can run in a member of staff's browser.
 */
export function attachmentsController(ctx: WebContext, attachments: AttachmentService): Router {
  const router = Router();
  router.use('/attachments', requireStaff);

  router.get('/attachments', async (req, res) => {
    const { complaintId } = parseInput(listQuery, req.query, 'query');
    const complaint = await ctx.dataSource.getRepository(Complaint).findOneBy({ id: complaintId });
    await httpCall(() => assertMayViewComplaint(ctx.dataSource, complaint, req.staff!));
    const items = await attachments.list(complaintId);
    res.json({ items: items.map((a) => ({ ...a, url: `/api/attachments/${a.id}/content` })) });
  });

  router.get('/attachments/:id/content', async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'attachment id');
    const found = await attachments.open(id);
    if (!found) throw new NotFoundError('There is no such attachment.');
    const complaint = await ctx.dataSource
      .getRepository(Complaint)
      .findOneBy({ id: found.attachment.complaintId });
    await httpCall(() => assertMayViewComplaint(ctx.dataSource, complaint, req.staff!));
    res.set({
      'Content-Type': servedContentType(found.attachment.contentType),
      'Content-Length': String(found.attachment.size),
      'Content-Disposition': contentDisposition(found.attachment.originalName),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    });
    await new Promise<void>((resolve, reject) => {
      const stream = createReadStream(found.file);
      stream.once('error', reject);
      res.once('finish', resolve);
      res.once('close', resolve);
      stream.pipe(res);
    });
  });

  return router;
}
