import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '../audit/audit-log';
import { StaffUser, type Role } from '../db/entities';
import { hashPassword, oneTimePassword, verifyPassword } from './passwords';

/** The identity the web app passes to the workflow with every human-task Update. */
export interface StaffIdentity {
  userId: string;
  username: string;
  name: string;
  roles: Role[];
  groups: string[];
}

export const identityOf = (u: StaffUser): StaffIdentity => ({
  userId: u.id,
  username: u.email,
  name: u.name,
  roles: u.roles,
  groups: u.groups,
});

// Verifying against a real hash when the user is unknown keeps login time independent of whether the email exists.
let decoyHash: Promise<string> | undefined;

/** Staff accounts: creation (audited), authentication, and the first admin. */
export class StaffService {
  constructor(private readonly dataSource: DataSource) {}

  async create(
    input: {
      email: string;
      name: string;
      password: string;
      roles: Role[];
      groups: string[];
      mustChangePassword?: boolean;
    },
    actor: string,
    manager?: EntityManager,
  ): Promise<StaffUser> {
    const run = async (m: EntityManager): Promise<StaffUser> => {
      const user = await m.save(
        m.create(StaffUser, {
          email: input.email.toLowerCase(),
          name: input.name,
          passwordHash: await hashPassword(input.password),
          roles: input.roles,
          groups: input.groups,
          mustChangePassword: input.mustChangePassword ?? false,
        }),
      );
      await appendAudit(m, {
        actor,
        action: 'user.created',
        entityType: 'staff_user',
        entityId: user.id,
        data: { email: user.email, roles: user.roles, groups: user.groups },
      });
      return user;
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /** The user for these credentials, or null. Inactive users cannot log in. */
  async authenticate(email: string, password: string): Promise<StaffUser | null> {
    const user = await this.dataSource.getRepository(StaffUser).findOneBy({ email: email.toLowerCase() });
    if (!user || !user.active) {
      decoyHash ??= hashPassword('decoy-password');
      await verifyPassword(password, await decoyHash);
      return null;
    }
    return (await verifyPassword(password, user.passwordHash)) ? user : null;
  }

  /** Sets a member of staff's own new password (clearing a due change), audited in the same transaction. */
  async changeOwnPassword(userId: string, newPassword: string): Promise<void> {
    const passwordHash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (m) => {
      await m.update(StaffUser, { id: userId }, { passwordHash, mustChangePassword: false });
      await appendAudit(m, {
        actor: `user:${userId}`,
        action: 'user.password_changed',
        entityType: 'staff_user',
        entityId: userId,
      });
    });
  }

  /**
   * On first start (no staff at all), create the admin from ADMIN_EMAIL / ADMIN_PASSWORD, or with a
   * one-time password that is returned for printing and must be changed at first login.
   */
  async ensureFirstAdmin(
    email: string,
    password?: string,
  ): Promise<{ created: boolean; oneTimePassword?: string }> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(1717)');
      if ((await m.count(StaffUser)) > 0) return { created: false };
      const otp = password ? undefined : oneTimePassword();
      await this.create(
        {
          email,
          name: 'Administrator',
          password: password ?? otp!,
          roles: ['admin'],
          groups: [],
          mustChangePassword: !password,
        },
        'system',
        m,
      );
      return { created: true, oneTimePassword: otp };
    });
  }
}
