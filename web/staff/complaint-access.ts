import type { DataSource } from 'typeorm';
import type { Complaint } from '../../core/db/entities';
import { WorkspaceRuleError } from '../../core/staff/errors';
import { can } from '../../core/staff/permissions';
import type { Viewer } from '../../core/tasks/task-access';

/** Numbered SQL parameters, shared by the predicates below and the statements that use them. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The complaints a member of staff may read, as an SQL predicate on the alias `c`: everything for
 * approvers, compliance and admins; for others, complaints of their departments, complaints with a
 * task of their groups or one they worked on, and complaints they entered themselves.
 */
export function visibleComplaints(viewer: Viewer, p: SqlParams): string {
  if (can(viewer.roles, 'complaints.viewAll')) return 'TRUE';
  const groups = p.add(viewer.groups);
  const me = p.add(viewer.username);
  const id = p.add(viewer.userId);
  return `(c."department" = ANY(${groups}::text[]) OR c."enteredByUserId" = ${id}::uuid OR EXISTS (
    SELECT 1 FROM "human_task" vt WHERE vt."complaintId" = c."id"
       AND (vt."candidateGroups" && ${groups}::text[] OR vt."assignee" = ${me} OR vt."completedBy" = ${me})))`;
}

const notVisible = (): WorkspaceRuleError =>
  new WorkspaceRuleError('not_found', 'There is no such complaint, or it is not one you can see.');

/** Throws not found unless the viewer may read this complaint (nothing is revealed about complaints one may not read). */
export async function assertMayViewComplaint(
  dataSource: DataSource,
  complaint: Pick<Complaint, 'id'> | null,
  viewer: Viewer,
): Promise<void> {
  if (!complaint) throw notVisible();
  if (can(viewer.roles, 'complaints.viewAll')) return;
  await assertMayViewComplaintId(dataSource, complaint.id, viewer);
}

/** The same check by id alone, in one query: a complaint that does not exist is refused alike. */
export async function assertMayViewComplaintId(
  dataSource: DataSource,
  id: string,
  viewer: Viewer,
): Promise<void> {
  const p = new SqlParams();
  const at = p.add(id);
  const [row] = await dataSource.query<{ ok: boolean }[]>(
    `SELECT ${visibleComplaints(viewer, p)} AS ok FROM "complaint" c WHERE c."id" = ${at}`,
    p.values,
  );
  if (!row?.ok) throw notVisible();
}
