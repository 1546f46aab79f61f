import { Router } from 'express';
import { z } from 'zod';
import { complaintInputSchema, NoProcessDeployedError } from '../../core/complaints/intake.service';
import { Complaint } from '../../core/db/entities';
import { TRACKING_CODE_PATTERN } from '../../core/security/tracking-code';
import { NotFoundError, ServiceUnavailableError } from '../http-errors';
import { parseInput } from '../validate';
import type { WebContext } from '../context';

const idempotencyKeySchema = z
  .string()
  .min(8, 'Idempotency-Key must be 8 to 200 characters')
  .max(200)
  .optional();

/** Public complaint API: submit (idempotent with an `Idempotency-Key` header) and look up a stage by tracking code. */
export function complaintsController(ctx: WebContext): Router {
  const router = Router();

  router.post('/complaints', async (req, res) => {
    const body = parseInput(complaintInputSchema, req.body, 'complaint');
    const idempotencyKey = parseInput(
      idempotencyKeySchema,
      req.get('idempotency-key'),
      'Idempotency-Key header',
    );
    try {
      const { complaint, created } = await ctx.intake.submit(body, { idempotencyKey });
      res.status(created ? 201 : 200).json({
        id: complaint.id,
        trackingCode: complaint.trackingCode,
        stage: complaint.stage,
        trackingUrl: `${ctx.config.PUBLIC_URL.replace(/\/$/, '')}/track/${complaint.trackingCode}`,
      });
    } catch (err) {
      if (err instanceof NoProcessDeployedError) throw new ServiceUnavailableError(err.message);
      throw err;
    }
  });

  router.get('/complaints/:trackingCode', async (req, res) => {
    const code = String(req.params.trackingCode).toUpperCase();
    // Same answer for malformed and unknown codes: nothing to learn about which codes exist.
    const complaint = TRACKING_CODE_PATTERN.test(code)
      ? await ctx.dataSource.getRepository(Complaint).findOneBy({ trackingCode: code })
      : null;
    if (!complaint)
      throw new NotFoundError('No complaint has this tracking code. Please check it and try again.');
    res.json({
      trackingCode: complaint.trackingCode,
      stage: complaint.stage,
      status: complaint.status,
      type: complaint.type,
      subject: complaint.subject,
      receivedAt: complaint.createdAt,
      updatedAt: complaint.updatedAt,
    });
  });

  return router;
}
