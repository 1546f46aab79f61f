import { ROLES, type Role } from '../../db/entities';
import { can, PERMISSIONS, type Permission } from '../../staff/permissions';
import { mayBeAssigned, mayClaimTask, mayViewTask, type Viewer } from '../task-access';
import { completionUpdateId } from '../task-completion.service';

const viewer = (roles: Role[], groups: string[] = [], username = 'me@staff.test'): Viewer => ({
  userId: 'u1',
  username,
  roles,
  groups,
});
const task = (candidateGroups: string[], assignee: string | null = null) => ({ candidateGroups, assignee });

describe('the role table', () => {
  it('should let admins do everything and compliance nothing that changes', () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
      expect(can(['admin'], permission)).toBe(true);
    }
    const changes: Permission[] = [
      'tasks.work',
      'tasks.reassign',
      'complaints.annotate',
      'complaints.enter',
      'incidents.retry',
      'admin.write',
    ];
    for (const permission of changes) expect(can(['compliance'], permission)).toBe(false);
    expect(can(['compliance'], 'tasks.viewAll')).toBe(true);
    expect(can(['compliance'], 'complaints.viewAll')).toBe(true);
  });

  it('should NOT let agents see everything, reassign or administer', () => {
    for (const permission of [
      'tasks.viewAll',
      'tasks.reassign',
      'complaints.viewAll',
      'admin.read',
      'admin.write',
    ] as Permission[]) {
      expect(can(['agent'], permission)).toBe(false);
    }
    expect(can(['agent'], 'tasks.work')).toBe(true);
  });

  it('should name only known roles', () => {
    for (const roles of Object.values(PERMISSIONS)) for (const role of roles) expect(ROLES).toContain(role);
  });
});

describe('who may see, claim and be given a task', () => {
  it("should show an agent their groups' tasks and their own, never another group's", () => {
    const agent = viewer(['agent'], ['quality']);
    expect(mayViewTask(task(['quality']), agent)).toBe(true);
    expect(mayViewTask(task(['approvers']), agent)).toBe(false);
    expect(mayViewTask(task(['approvers'], 'me@staff.test'), agent)).toBe(true);
    expect(mayViewTask(task([]), agent)).toBe(true);
  });

  it('should NOT let an agent claim an approval, but let an approver in the group', () => {
    expect(mayClaimTask(task(['approvers']), viewer(['agent'], ['quality']))).toBe(false);
    expect(mayClaimTask(task(['approvers']), viewer(['approver'], ['approvers']))).toBe(true);
    // the role alone is not enough: approvals go by the group
    expect(mayClaimTask(task(['approvers']), viewer(['approver'], []))).toBe(false);
    expect(mayClaimTask(task(['approvers']), viewer(['compliance'], ['approvers']))).toBe(false);
    expect(mayClaimTask(task(['approvers']), viewer(['admin']))).toBe(true);
  });

  it('should give a task only to someone the workflow would let complete it', () => {
    expect(mayBeAssigned(task(['quality']), viewer(['agent'], ['quality']))).toBe(true);
    expect(mayBeAssigned(task(['quality']), viewer(['agent'], ['sales']))).toBe(false);
  });
});

describe('completion update ids', () => {
  it('should be the same for the same answer in any key order, and differ for another answer or person', () => {
    const a = completionUpdateId('t1', 'u1', { x: 1, y: { b: 2, a: 1 } });
    expect(completionUpdateId('t1', 'u1', { y: { a: 1, b: 2 }, x: 1 })).toBe(a);
    expect(completionUpdateId('t1', 'u1', { x: 2, y: { a: 1, b: 2 } })).not.toBe(a);
    expect(completionUpdateId('t1', 'u2', { x: 1, y: { a: 1, b: 2 } })).not.toBe(a);
    expect(completionUpdateId('t1', 'u1', {}, 'abcdef123456')).toBe('complete:t1:abcdef123456');
  });
});
