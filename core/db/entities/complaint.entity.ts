import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ContactPreference } from '../../messaging/contact-preference';
import { Customer } from './customer.entity';

export const CHANNELS = ['web', 'email', 'phone', 'letter', 'in_person', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];
export const COMPLAINT_TYPES = ['complaint', 'claim', 'suggestion', 'compliment'] as const;
export type ComplaintType = (typeof COMPLAINT_TYPES)[number];

/**
 * One complaint, from intake to closure. The workflow (id `complaint-<id>`) owns the process state;
 * this row is the queryable record the web app, reports and compliance read.
 */
@Entity('complaint')
export class Complaint {
  @PrimaryColumn('uuid') id: string;
  /** Unguessable code the customer tracks the complaint with (also the only key of the public page). */
  @Column('text', { unique: true }) trackingCode: string;
  @ManyToOne(() => Customer, { nullable: false }) @JoinColumn({ name: 'customerId' }) customer?: Customer;
  @Column('uuid') customerId: string;
  /**
   * How the customer asked to hear from us about this complaint: messages on another channel are
   * not sent (and recorded as skipped), even when the customer gave that address too.
   */
  @Column('text', { default: 'both' }) contactPreference: ContactPreference;
  @Column('text') channel: Channel;
  @Column('text', { default: 'complaint' }) type: ComplaintType;
  @Column('text', { nullable: true }) category: string | null;
  @Column('text', { nullable: true }) product: string | null;
  @Column('text', { nullable: true }) department: string | null;
  @Column('text') subject: string;
  @Column('text') description: string;
  @Column('text', { nullable: true }) desiredRemedy: string | null;
  @Column('text', { nullable: true }) severity: string | null;
  @Column('text', { default: 'normal' }) priority: string;
  /** Customer-visible stage (received, acknowledged, triage, investigation, approval, resolution, survey, closed). */
  @Column('text', { default: 'received' }) stage: string;
  @Column('text', { default: 'open' }) status: 'open' | 'closed';
  @Column('uuid') processDefinitionId: string;
  @Column('text') processKey: string;
  @Column('int') processVersion: number;
  @Column('text', { unique: true }) workflowId: string;
  /** Client-supplied key: a retried intake request returns the first complaint instead of a second one. */
  @Column('text', { nullable: true, unique: true }) idempotencyKey: string | null;
  /** Staff member who entered it on the customer's behalf (phone, letter, in person). */
  @Column('uuid', { nullable: true }) enteredByUserId: string | null;
  @Column('timestamptz', { nullable: true }) acknowledgedAt: Date | null;
  @Column('timestamptz', { nullable: true }) resolvedAt: Date | null;
  @Column('timestamptz', { nullable: true }) closedAt: Date | null;
  @Column('text', { nullable: true }) outcome: string | null;
  @Column('text', { nullable: true }) remedyType: string | null;
  @Column('numeric', { nullable: true, precision: 12, scale: 2 }) remedyAmount: string | null;
  @Column('text', { nullable: true }) rootCause: string | null;
  @Column('int', { default: 0 }) reopenCount: number;
  @Column('int', { nullable: true }) satisfaction: number | null;
  /** The complaint's outcome as regulators count it; see core/regulation/outcome.service.ts. */
  @Column('text', { nullable: true }) decision: 'upheld' | 'partly_upheld' | 'not_upheld' | null;
  /** Money paid to the customer (redress), when it differs from the remedy amount or was paid later. */
  @Column('numeric', { nullable: true, precision: 12, scale: 2 }) redressPaid: string | null;
  /** Jurisdiction profile its deadlines and letters follow (core/regulation/profiles), set at intake. */
  @Column('text', { nullable: true }) jurisdictionProfile: string | null;
  /** Working calendar its business days are counted on, set at intake. */
  @Column('text', { nullable: true }) calendarKey: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
