import { Router } from 'express';
import { z } from 'zod';
import { Complaint, Customer, StaffGroup, StaffUser } from '../../../core/db/entities';
import { t, type Locale } from '../../../core/i18n';
import { can } from '../../../core/staff/permissions';
import { identityOf } from '../../../core/staff/staff.service';
import {
  DUE_FILTERS,
  inboxQuerySchema,
  INBOX_SORTS,
  type InboxCounts,
  type InboxQuery,
} from '../../../core/tasks/inbox.service';
import { mayBeAssigned, mayClaimTask } from '../../../core/tasks/task-access';
import { closedMessage } from '../../../core/tasks/task-assignment.service';
import { httpCall, viewerOf } from '../guards';
import { idParam } from '../params';
import type { StaffDeps } from '../staff-deps';
import { priorityLabel, stageLabel } from './labels';
import { withQuery } from './query-string';
import {
  pagePermission,
  pageSignedIn,
  redirectWithFlash,
  renderStaffPage,
  safeReturn,
  staffLocale,
} from './staff-page';

interface Option {
  value: string;
  label: string;
  count?: number;
  selected: boolean;
}

const options = (
  values: Record<string, number>,
  selected: string | undefined,
  label: (v: string) => string,
): Option[] =>
  Object.entries(values)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([value, count]) => ({ value, label: label(value), count, selected: value === selected }));

/** The filter form's choices, each with how many visible tasks it would show. */
function filterForm(
  locale: Locale,
  q: InboxQuery,
  counts: InboxCounts,
  groupNames: Map<string, string>,
  seesAll: boolean,
) {
  return {
    scopes: seesAll
      ? (['mine', 'all'] as const).map((value) => ({
          value,
          label: t(locale, `staff.inboxPage.scope.${value}`),
          selected: q.scope === value,
        }))
      : null,
    assigned: (['any', 'me', 'unassigned', 'others'] as const)
      .filter((v) => v !== 'others' || q.scope === 'all')
      .map((value) => ({
        value,
        label: t(locale, `staff.inboxPage.assigned.${value}`),
        count: value === 'any' ? counts.total : counts.assigned[value],
        selected: q.assigned === value,
      })),
    groups: options(counts.group, q.group, (g) => groupNames.get(g) ?? g),
    stages: options(counts.stage, q.stage, (s) => stageLabel(locale, s)),
    priorities: options(counts.priority, q.priority, (p) => priorityLabel(locale, p)),
    categories: options(counts.category, q.category, (c) => c),
    due: DUE_FILTERS.map((value) => ({
      value,
      label: t(locale, `staff.inboxPage.due.${value}`),
      count: counts.due[value],
      selected: q.due === value,
    })),
    sorts: INBOX_SORTS.map((value) => ({
      value,
      label: t(locale, `staff.inboxPage.sort.${value}`),
      selected: q.sort === value,
    })),
  };
}

const releaseSchema = z.object({ returnTo: z.string().max(2000).optional() });
const reassignFormSchema = z.object({ userId: z.uuid(), returnTo: z.string().max(2000).optional() });

/** Keys of the form's own fields: they start empty, so an earlier round's answer is never submitted unseen. */
function formKeys(schema: unknown): Set<string> {
  const keys = new Set<string>();
  const walk = (components: unknown): void => {
    if (!Array.isArray(components)) return;
    for (const c of components as { key?: unknown; path?: unknown; components?: unknown }[]) {
      if (typeof c.key === 'string') keys.add(c.key.split('.')[0]!);
      if (typeof c.path === 'string') keys.add(c.path.split('.')[0]!);
      walk(c.components);
    }
  };
  walk((schema as { components?: unknown } | null)?.components);
  return keys;
}

/**
 * The inbox page (`/staff/inbox`, live through inbox.entry.ts) and the task page (`/staff/tasks/:id`,
 * with the form-js form of task-form.entry.ts), plus the claim / release / reassign buttons' posts.
 */
export function inboxPagesController(deps: StaffDeps): Router {
  const router = Router();
  const { dataSource } = deps.ctx;

  const groupNames = async (): Promise<Map<string, string>> =>
    new Map((await dataSource.getRepository(StaffGroup).find()).map((g) => [g.key, g.name]));

  router.get('/staff/inbox', pageSignedIn, async (req, res) => {
    const viewer = viewerOf(req);
    const locale = staffLocale(req);
    const parsed = inboxQuerySchema.safeParse(req.query);
    const query = parsed.success ? parsed.data : inboxQuerySchema.parse({});
    const [page, names] = await Promise.all([deps.inbox.page(viewer, query), groupNames()]);
    const q = page.query;
    const seesAll = can(viewer.roles, 'tasks.viewAll');
    const mayWork = can(viewer.roles, 'tasks.work');
    const here = req.originalUrl;
    const base = { ...q, limit: q.limit === 25 ? undefined : q.limit };
    renderStaffPage(req, res, 'inbox', {
      title: t(locale, 'staff.inboxPage.title'),
      entries: ['inbox'],
      filters: filterForm(locale, q, page.counts, names, seesAll),
      query: q,
      here,
      total: page.counts.total,
      matching: page.matching,
      from: page.tasks.length ? q.offset + 1 : 0,
      to: q.offset + page.tasks.length,
      prev:
        q.offset > 0
          ? withQuery('/staff/inbox', { ...base, offset: Math.max(0, q.offset - q.limit) || undefined })
          : null,
      next: page.hasMore ? withQuery('/staff/inbox', { ...base, offset: q.offset + q.limit }) : null,
      filtered: Boolean(q.group || q.stage || q.priority || q.category || q.due || q.assigned !== 'any'),
      tasks: page.tasks.map((task) => ({
        ...task,
        groups: task.candidateGroups.map((g) => names.get(g) ?? g).join(', '),
        stageLabel: task.stage ? stageLabel(locale, task.stage) : '',
        priorityLabel: task.priority ? priorityLabel(locale, task.priority) : '',
        mine: task.assignee === viewer.username,
        mayClaim: mayWork && task.assignee === null && mayClaimTask(task, viewer),
        mayRelease:
          task.assignee !== null &&
          (task.assignee === viewer.username ? mayWork : can(viewer.roles, 'tasks.reassign')),
      })),
    });
  });

  router.post('/staff/tasks/:id/claim', pagePermission('tasks.work'), async (req, res) => {
    const locale = staffLocale(req);
    const id = idParam(req);
    const back = safeReturn((req.body as { returnTo?: string }).returnTo, '/staff/inbox');
    try {
      const task = await httpCall(() => deps.assignments.claim(id, viewerOf(req)));
      redirectWithFlash(req, res, back, 'ok', t(locale, 'staff.task.claimed', { name: task.name }));
    } catch (err) {
      redirectWithFlash(req, res, back, 'error', (err as Error).message);
    }
  });

  router.post('/staff/tasks/:id/release', pagePermission('tasks.work'), async (req, res) => {
    const locale = staffLocale(req);
    const { returnTo } = releaseSchema.parse(req.body ?? {});
    const back = safeReturn(returnTo, '/staff/inbox');
    try {
      const task = await httpCall(() => deps.assignments.release(idParam(req), viewerOf(req)));
      redirectWithFlash(req, res, back, 'ok', t(locale, 'staff.task.released', { name: task.name }));
    } catch (err) {
      redirectWithFlash(req, res, back, 'error', (err as Error).message);
    }
  });

  router.post('/staff/tasks/:id/reassign', pagePermission('tasks.reassign'), async (req, res) => {
    const locale = staffLocale(req);
    const id = idParam(req);
    const parsed = reassignFormSchema.safeParse(req.body);
    const back = safeReturn(parsed.data?.returnTo, `/staff/tasks/${id}`);
    if (!parsed.success)
      return redirectWithFlash(req, res, back, 'error', t(locale, 'staff.task.chooseAssignee'));
    try {
      const task = await httpCall(() => deps.assignments.reassign(id, parsed.data.userId, viewerOf(req)));
      redirectWithFlash(
        req,
        res,
        back,
        'ok',
        t(locale, 'staff.task.reassigned', { name: task.name, assignee: task.assignee ?? '' }),
      );
    } catch (err) {
      redirectWithFlash(req, res, back, 'error', (err as Error).message);
    }
  });

  router.get('/staff/tasks/:id', pageSignedIn, async (req, res) => {
    const viewer = viewerOf(req);
    const locale = staffLocale(req);
    const task = await httpCall(() => deps.assignments.get(idParam(req), viewer));
    const complaint = await dataSource.getRepository(Complaint).findOneByOrFail({ id: task.complaintId });
    const customer = await dataSource.getRepository(Customer).findOneByOrFail({ id: complaint.customerId });
    const mayWork = can(viewer.roles, 'tasks.work');
    const open = task.status === 'open';
    const mine = open && task.assignee === viewer.username;
    const mayClaim = open && task.assignee === null && mayClaimTask(task, viewer);
    const editable = mayWork && (mine || mayClaim);

    // Variables for the form's texts and conditions: the workflow's own, or (if it cannot be asked) what earlier tasks submitted.
    let variables: Record<string, unknown> = {};
    if (open) {
      const live = await deps.views.live(task.workflowId);
      variables = live.available ? live.variables : {};
    }
    const keys = formKeys(task.form);
    const context = Object.fromEntries(Object.entries(variables).filter(([k]) => !keys.has(k)));
    const data = open ? context : { ...context, ...(task.data ?? {}) };

    const colleagues =
      open && can(viewer.roles, 'tasks.reassign')
        ? (
            await dataSource
              .getRepository(StaffUser)
              .find({ where: { active: true }, order: { name: 'ASC' } })
          )
            .filter((u) => mayBeAssigned(task, identityOf(u)))
            .map((u) => ({ id: u.id, label: `${u.name} (${u.email})`, current: u.email === task.assignee }))
        : [];

    renderStaffPage(req, res, 'task', {
      title: task.name,
      entries: ['task-form'],
      task,
      complaint,
      customerName: customer.name,
      stageLabel: stageLabel(locale, complaint.stage),
      overdue: open && task.dueAt !== null && task.dueAt.getTime() < Date.now(),
      open,
      mine,
      mayClaim,
      editable,
      mayRelease: open && task.assignee !== null && (mine ? mayWork : can(viewer.roles, 'tasks.reassign')),
      claimedByOther: open && task.assignee !== null && !mine ? task.assignee : null,
      closedText: open ? null : closedMessage(task),
      formSchema: task.form,
      formData: data,
      colleagues,
      here: `/staff/tasks/${task.id}`,
      returnTo: `/staff/tasks/${task.id}`,
    });
  });

  return router;
}
