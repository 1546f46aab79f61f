import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '../audit/audit-log';
import { StaffGroup, StaffUser, type Role } from '../db/entities';
import { WorkspaceRuleError } from './errors';
import { hashPassword, oneTimePassword } from './passwords';
import { StaffService } from './staff.service';

/** A staff account as admins see it (never the password hash). */
export interface StaffUserView {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  groups: string[];
  locale: string;
  active: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
}

export interface StaffGroupView {
  key: string;
  name: string;
  members: number;
  openTasks: number;
}

export interface NewUserInput {
  email: string;
  name: string;
  roles: Role[];
  groups: string[];
  locale?: string;
}

export interface UserPatch {
  name?: string;
  roles?: Role[];
  groups?: string[];
  locale?: string;
  active?: boolean;
}

const view = (u: StaffUser): StaffUserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  roles: u.roles,
  groups: u.groups,
  locale: u.locale,
  active: u.active,
  mustChangePassword: u.mustChangePassword,
  createdAt: u.createdAt,
});

/**
 * Administration of staff accounts and groups. Every change is written with its audit entry in one
 * transaction. New accounts and password resets get a one-time password, returned once to be handed
 * over, and must choose their own at first login. The email is the login and the task assignee, so
 * it cannot be changed (create a new account instead).
 */
export class StaffAdminService {
  private readonly staff: StaffService;

  constructor(private readonly dataSource: DataSource) {
    this.staff = new StaffService(dataSource);
  }

  async listUsers(): Promise<StaffUserView[]> {
    const users = await this.dataSource
      .getRepository(StaffUser)
      .find({ order: { active: 'DESC', name: 'ASC' } });
    return users.map(view);
  }

  async getUser(id: string): Promise<StaffUserView> {
    return view(await this.findUser(this.dataSource.manager, id));
  }

  async createUser(
    input: NewUserInput,
    actor: string,
  ): Promise<{ user: StaffUserView; oneTimePassword: string }> {
    const password = oneTimePassword();
    const user = await this.dataSource.transaction(async (m) => {
      await this.checkGroups(m, input.groups);
      if (await m.getRepository(StaffUser).existsBy({ email: input.email.toLowerCase() }))
        throw new WorkspaceRuleError('conflict', `There is already an account for ${input.email}.`);
      const created = await this.staff.create({ ...input, password, mustChangePassword: true }, actor, m);
      if (input.locale && input.locale !== created.locale) {
        await m.update(StaffUser, { id: created.id }, { locale: input.locale });
        created.locale = input.locale;
      }
      return created;
    });
    return { user: view(user), oneTimePassword: password };
  }

  async updateUser(id: string, patch: UserPatch, actor: { userId: string }): Promise<StaffUserView> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(1717)'); // the same lock as first-admin creation
      const user = await this.findUser(m, id);
      if (patch.groups) await this.checkGroups(m, patch.groups);
      const next = {
        ...user,
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      } as StaffUser;
      const wasAdmin = user.active && user.roles.includes('admin');
      const staysAdmin = next.active && next.roles.includes('admin');
      if (wasAdmin && !staysAdmin) {
        if (id === actor.userId)
          throw new WorkspaceRuleError(
            'invalid',
            'You cannot remove your own admin role or deactivate yourself.',
          );
        const admins = await m
          .getRepository(StaffUser)
          .createQueryBuilder('u')
          .where('u.active AND :role = ANY(u.roles)', { role: 'admin' })
          .getCount();
        if (admins <= 1) throw new WorkspaceRuleError('invalid', 'Redress needs at least one active admin.');
      }
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const key of ['name', 'roles', 'groups', 'locale', 'active'] as const) {
        if (patch[key] !== undefined && JSON.stringify(patch[key]) !== JSON.stringify(user[key]))
          changes[key] = { from: user[key], to: patch[key] };
      }
      if (!Object.keys(changes).length) return view(user);
      await m.update(
        StaffUser,
        { id },
        { name: next.name, roles: next.roles, groups: next.groups, locale: next.locale, active: next.active },
      );
      let releasedTasks = 0;
      if (user.active && !next.active) {
        // Nobody else could complete a deactivated member's claimed tasks: hand them back to their groups.
        const released = await m.query<[unknown[], number]>(
          `UPDATE "human_task" SET "assignee" = NULL WHERE "status" = 'open' AND "assignee" = $1`,
          [user.email],
        );
        releasedTasks = released[1] ?? 0;
        await this.endSessions(m, id);
      }
      await appendAudit(m, {
        actor: `user:${actor.userId}`,
        action:
          next.active === user.active
            ? 'user.updated'
            : next.active
              ? 'user.reactivated'
              : 'user.deactivated',
        entityType: 'staff_user',
        entityId: id,
        data: { email: user.email, changes, ...(releasedTasks ? { releasedTasks } : {}) },
      });
      return view(await this.findUser(m, id));
    });
  }

  /** A new one-time password (returned once); the old one and every session of the user stop working. */
  async resetPassword(
    id: string,
    actor: { userId: string },
  ): Promise<{ user: StaffUserView; oneTimePassword: string }> {
    const password = oneTimePassword();
    const passwordHash = await hashPassword(password);
    const user = await this.dataSource.transaction(async (m) => {
      const u = await this.findUser(m, id);
      await m.update(StaffUser, { id }, { passwordHash, mustChangePassword: true });
      await this.endSessions(m, id);
      await appendAudit(m, {
        actor: `user:${actor.userId}`,
        action: 'user.password_reset',
        entityType: 'staff_user',
        entityId: id,
        data: { email: u.email },
      });
      return this.findUser(m, id);
    });
    return { user: view(user), oneTimePassword: password };
  }

  async listGroups(): Promise<StaffGroupView[]> {
    return this.groupRows(this.dataSource.manager, false);
  }

  async createGroup(
    input: { key: string; name: string },
    actor: { userId: string },
  ): Promise<StaffGroupView> {
    return this.dataSource.transaction(async (m) => {
      if (await m.getRepository(StaffGroup).existsBy({ key: input.key }))
        throw new WorkspaceRuleError('conflict', `The group "${input.key}" exists already.`);
      await m.insert(StaffGroup, { key: input.key, name: input.name });
      await appendAudit(m, {
        actor: `user:${actor.userId}`,
        action: 'group.created',
        entityType: 'staff_group',
        entityId: input.key,
        data: { name: input.name },
      });
      return { key: input.key, name: input.name, members: 0, openTasks: 0 };
    });
  }

  async renameGroup(key: string, name: string, actor: { userId: string }): Promise<StaffGroupView> {
    await this.dataSource.transaction(async (m) => {
      const group = await m.getRepository(StaffGroup).findOneBy({ key });
      if (!group) throw new WorkspaceRuleError('not_found', `There is no group "${key}".`);
      if (group.name === name) return;
      await m.update(StaffGroup, { key }, { name });
      await appendAudit(m, {
        actor: `user:${actor.userId}`,
        action: 'group.renamed',
        entityType: 'staff_group',
        entityId: key,
        data: { from: group.name, to: name },
      });
    });
    const groups = await this.listGroups();
    return groups.find((g) => g.key === key)!;
  }

  /** Only a group no active member is in and no open task waits for can go; inactive members lose it. */
  async deleteGroup(key: string, actor: { userId: string }): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const group = (await this.groupRows(m, true)).find((g) => g.key === key);
      if (!group) throw new WorkspaceRuleError('not_found', `There is no group "${key}".`);
      if (group.members || group.openTasks)
        throw new WorkspaceRuleError(
          'conflict',
          `The group "${key}" still has ${group.members} member(s) and ${group.openTasks} open task(s).`,
        );
      await m.query(
        `UPDATE "staff_user" SET "groups" = array_remove("groups", $1) WHERE $1 = ANY("groups")`,
        [key],
      );
      await m.delete(StaffGroup, { key });
      await appendAudit(m, {
        actor: `user:${actor.userId}`,
        action: 'group.deleted',
        entityType: 'staff_group',
        entityId: key,
        data: { name: group.name },
      });
    });
  }

  /** Groups with their active members and open tasks; `lock` holds the rows until the transaction ends. */
  private async groupRows(m: EntityManager, lock: boolean): Promise<StaffGroupView[]> {
    const rows = await m.query<{ key: string; name: string; members: string; openTasks: string }[]>(
      `SELECT g."key", g."name",
              (SELECT count(*) FROM "staff_user" u WHERE u."active" AND g."key" = ANY(u."groups")) AS "members",
              (SELECT count(*) FROM "human_task" t WHERE t."status" = 'open' AND t."candidateGroups" @> ARRAY[g."key"]) AS "openTasks"
         FROM "staff_group" g ORDER BY g."name"${lock ? ' FOR UPDATE OF g' : ''}`,
    );
    return rows.map((r) => ({
      key: r.key,
      name: r.name,
      members: Number(r.members),
      openTasks: Number(r.openTasks),
    }));
  }

  private async findUser(m: EntityManager, id: string): Promise<StaffUser> {
    const user = await m.getRepository(StaffUser).findOneBy({ id });
    if (!user) throw new WorkspaceRuleError('not_found', 'There is no such staff account.');
    return user;
  }

  private async checkGroups(m: EntityManager, groups: string[]): Promise<void> {
    if (!groups.length) return;
    const known = new Set((await m.getRepository(StaffGroup).find()).map((g) => g.key));
    const unknown = groups.filter((g) => !known.has(g));
    if (unknown.length)
      throw new WorkspaceRuleError('invalid', `Unknown group(s): ${unknown.join(', ')}. Create them first.`);
  }

  /** Logs the user out everywhere (sessions live in PostgreSQL, see web/auth/session.ts). */
  private async endSessions(m: EntityManager, userId: string): Promise<void> {
    await m.query(`DELETE FROM "session" WHERE "sess"->>'userId' = $1`, [userId]);
  }
}
