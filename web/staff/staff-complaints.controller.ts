import { Router } from 'express';
import { z } from 'zod';
import { complaintInputSchema, NoProcessDeployedError } from '../../core/complaints/intake.service';
import { ServiceUnavailableError } from '../http-errors';
import { parseInput } from '../validate';
import { assertMayViewComplaintId } from './complaint-access';
import { httpCall, requirePermission, requireSignedIn, viewerOf } from './guards';
import { idParam } from './params';
import type { StaffDeps } from './staff-deps';

/** Channels staff enter complaints for: the customer called, came in, or wrote a letter. */
export const STAFF_CHANNELS = ['phone', 'in_person', 'letter'] as const;

export const staffComplaintSchema = complaintInputSchema.extend({ channel: z.enum(STAFF_CHANNELS) });
export const listSchema = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(['open', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});
export const noteSchema = z.object({ body: z.string().trim().min(1, 'Write the note').max(10_000) });
export const questionSchema = z.object({
  question: z.string().trim().min(5, 'Write the question (at least 5 characters)').max(5_000),
});

/**
 * Complaints for staff (`/api/staff/complaints`): the searchable list, the full view, complaints entered
 * on a customer's behalf, internal notes and questions to the customer.
 */
export function staffComplaintsController(deps: StaffDeps): Router {
  const router = Router();
  const { ctx } = deps;

  router.get('/staff/complaints', requireSignedIn, async (req, res) => {
    const opts = parseInput(listSchema, req.query, 'search');
    res.json(await deps.views.search(viewerOf(req), opts));
  });

  router.post('/staff/complaints', requirePermission('complaints.enter'), async (req, res) => {
    const input = parseInput(staffComplaintSchema, req.body, 'complaint');
    const viewer = viewerOf(req);
    try {
      const { complaint } = await ctx.intake.submit(input, {
        actor: `user:${viewer.userId}`,
        enteredByUserId: viewer.userId,
      });
      res
        .status(201)
        .json({ id: complaint.id, trackingCode: complaint.trackingCode, stage: complaint.stage });
    } catch (err) {
      if (err instanceof NoProcessDeployedError) throw new ServiceUnavailableError(err.message);
      throw err;
    }
  });

  router.get('/staff/complaints/:id', requireSignedIn, async (req, res) => {
    res.json(await httpCall(() => deps.views.view(idParam(req), viewerOf(req))));
  });

  router.post('/staff/complaints/:id/notes', requirePermission('complaints.annotate'), async (req, res) => {
    const { body } = parseInput(noteSchema, req.body, 'note');
    const id = idParam(req);
    const viewer = viewerOf(req);
    await httpCall(() => assertMayViewComplaintId(ctx.dataSource, id, viewer));
    res.status(201).json({ note: await deps.notes.add(id, body, viewer) });
  });

  router.post(
    '/staff/complaints/:id/info-requests',
    requirePermission('complaints.annotate'),
    async (req, res) => {
      const { question } = parseInput(questionSchema, req.body, 'question');
      const id = idParam(req);
      const viewer = viewerOf(req);
      await httpCall(() => assertMayViewComplaintId(ctx.dataSource, id, viewer));
      res.status(201).json(await httpCall(() => deps.infoRequests.ask(id, question, viewer)));
    },
  );

  return router;
}
