import { Router } from 'express';
import { z } from 'zod';
import { Complaint } from '../../core/db/entities';
import { can } from '../../core/staff/permissions';
import { inboxQuerySchema } from '../../core/tasks/inbox.service';
import { mayClaimTask } from '../../core/tasks/task-access';
import { parseInput } from '../validate';
import { httpCall, requirePermission, requireSignedIn, viewerOf } from './guards';
import type { StaffDeps } from './staff-deps';
import { concerns } from './task-events';
import { idParam } from './params';

/** Body of a task completion. */
export const completeSchema = z.object({
  data: z.record(z.string(), z.unknown()),
  /** Set by the form page once per page load: a repeated submit of the same attempt is applied once. */
  submissionId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
});
/** Body of a reassignment. */
export const reassignSchema = z.object({ userId: z.uuid('userId must be a staff member id') });

/** How often an idle inbox stream sends a comment, so proxies keep the connection open. */
const HEARTBEAT_MS = 25_000;

/**
 * The task inbox API: list with filters and counts, a live stream of changes (Server-Sent Events fed
 * by PostgreSQL LISTEN/NOTIFY), claim / release / reassign, and completion through the workflow.
 */
export function tasksController(deps: StaffDeps): Router {
  const router = Router();

  router.get('/tasks', requireSignedIn, async (req, res) => {
    const query = parseInput(inboxQuerySchema, req.query, 'inbox filter');
    res.json(await deps.inbox.page(viewerOf(req), query));
  });

  router.get('/tasks/stream', requireSignedIn, (req, res) => {
    const viewer = viewerOf(req);
    const seesAll = can(viewer.roles, 'tasks.viewAll');
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no', // nginx: do not buffer the stream
    });
    res.write('retry: 3000\n\n');
    const unsubscribe = deps.events.subscribe((change) => {
      if (!concerns(change, viewer, seesAll)) return;
      res.write(
        `event: task\ndata: ${JSON.stringify({ id: change.id ?? null, op: change.op, status: change.status ?? null, many: Boolean(change.many) })}\n\n`,
      );
    });
    void deps.events.ready().then(() => res.write('event: ready\ndata: {}\n\n'));
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const end = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      stopOnClose();
    };
    const stopOnClose = deps.events.onClose(() => {
      end();
      res.end();
    });
    req.on('close', end);
  });

  router.get('/tasks/:id', requireSignedIn, async (req, res) => {
    const viewer = viewerOf(req);
    const task = await httpCall(() => deps.assignments.get(idParam(req), viewer));
    const complaint = await deps.ctx.dataSource
      .getRepository(Complaint)
      .findOneByOrFail({ id: task.complaintId });
    res.json({
      task,
      complaint: {
        id: complaint.id,
        trackingCode: complaint.trackingCode,
        subject: complaint.subject,
        stage: complaint.stage,
        priority: complaint.priority,
      },
      mayClaim: task.status === 'open' && task.assignee === null && mayClaimTask(task, viewer),
      mayComplete:
        task.status === 'open' && task.assignee === viewer.username && can(viewer.roles, 'tasks.work'),
    });
  });

  router.post('/tasks/:id/claim', requirePermission('tasks.work'), async (req, res) => {
    res.json({ task: await httpCall(() => deps.assignments.claim(idParam(req), viewerOf(req))) });
  });

  // Releasing is working the task (one's own) or reassigning it (someone else's); approvers may do both.
  router.post('/tasks/:id/unclaim', requirePermission('tasks.work'), async (req, res) => {
    res.json({ task: await httpCall(() => deps.assignments.release(idParam(req), viewerOf(req))) });
  });

  router.post('/tasks/:id/reassign', requirePermission('tasks.reassign'), async (req, res) => {
    const { userId } = parseInput(reassignSchema, req.body, 'reassignment');
    res.json({ task: await httpCall(() => deps.assignments.reassign(idParam(req), userId, viewerOf(req))) });
  });

  router.post('/tasks/:id/complete', requirePermission('tasks.work'), async (req, res) => {
    const { data, submissionId } = parseInput(completeSchema, req.body, 'task completion');
    const result = await httpCall(() =>
      deps.completion.complete(idParam(req), viewerOf(req), data, submissionId),
    );
    res.json({ ok: true, ...result });
  });

  return router;
}
