import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ROLES = ['agent', 'approver', 'process_owner', 'compliance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A member of staff. Roles say what they may do; groups (departments) say which tasks they see. */
@Entity('staff_user')
export class StaffUser {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { unique: true }) email: string;
  @Column('text') name: string;
  /** scrypt, with its parameters and salt: see core/staff/passwords.ts. */
  @Column('text') passwordHash: string;
  @Column('text', { array: true, default: '{}' }) roles: Role[];
  /** Keys of staff_group rows; BPMN candidate groups refer to these. */
  @Column('text', { array: true, default: '{}' }) groups: string[];
  @Column('text', { default: 'en' }) locale: string;
  @Column('boolean', { default: true }) active: boolean;
  /** Set for a generated one-time password: the user must choose a new one at first login. */
  @Column('boolean', { default: false }) mustChangePassword: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
