import { randomUUID } from 'node:crypto';
import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { complaintWorkflowId, type ComplaintWorkflowInput } from '../../workflows/complaint.messages';
import { appendAudit } from '../audit/audit-log';
import type { Config } from '../config/config';
import { CHANNELS, COMPLAINT_TYPES, Complaint, Customer } from '../db/entities';
import { CONTACT_PREFERENCES, impliedContactPreference, wantsChannel } from '../messaging/contact-preference';
import { ProcessDefinitionService } from '../processes/process-definition.service';
import { newTrackingCode } from '../security/tracking-code';
import { DEFAULT_PROCESS_KEY } from '../bpmn/default-process';
import { ClockStartService } from '../regulation/clock-start.service';
import { RegulationSettingsService } from '../regulation/regulation-settings.service';
import { addIsoDuration, processDefaults } from './process-defaults';

export const LOCALE_CODES = ['en', 'fa', 'ru', 'vi'] as const;

/** What intake accepts from any channel (web form, API, mailbox, staff on the customer's behalf). */
export const complaintInputSchema = z.object({
  customer: z
    .object({
      name: z.string().trim().min(1, 'Please give your name').max(200),
      email: z.email('Please give a valid email address').max(320).optional(),
      phone: z
        .string()
        .trim()
        .regex(
          /^\+?[0-9 ()-]{6,20}$/,
          'Please give a phone number in international format, e.g. +44 20 7946 0000',
        )
        .optional(),
      locale: z.enum(LOCALE_CODES).default('en'),
      contactPreference: z
        .enum(CONTACT_PREFERENCES)
        .optional()
        .describe(
          'How the customer wants to hear from us: `email`, `sms` or `both`. Messages on another channel are not sent, even when that address is given too (they are recorded as skipped). Without it: every channel an address is given for.',
        ),
    })
    .refine((c) => c.email || c.phone, {
      message: 'Please give an email address or a phone number so we can reply',
      path: ['email'],
    })
    .refine((c) => !(c.contactPreference && wantsChannel(c.contactPreference, 'email')) || c.email, {
      message: 'Please give an email address: the customer wants to hear from us by email',
      path: ['email'],
    })
    .refine((c) => !(c.contactPreference && wantsChannel(c.contactPreference, 'sms')) || c.phone, {
      message: 'Please give a phone number: the customer wants to hear from us by text message',
      path: ['phone'],
    }),
  channel: z.enum(CHANNELS).default('api'),
  type: z.enum(COMPLAINT_TYPES).default('complaint'),
  subject: z.string().trim().min(3, 'The subject needs at least 3 characters').max(200),
  description: z
    .string()
    .trim()
    .min(10, 'Please describe what happened in at least 10 characters')
    .max(20_000),
  desiredRemedy: z.string().trim().max(2_000).optional(),
  category: z.string().trim().max(100).optional(),
  product: z.string().trim().max(200).optional(),
});

export type ComplaintInput = z.infer<typeof complaintInputSchema>;

/** Thrown when no process is deployed to run complaints on (should not happen after first start). */
export class NoProcessDeployedError extends Error {}

/** What a channel records with the complaint, inside intake's transaction (its attachments). */
export type WithinIntake = (manager: EntityManager, complaint: Complaint) => Promise<unknown>;

/**
 * Accepts a complaint from any channel: records customer + complaint + audit entry (and, through
 * `within`, what came with it: the attachments) in one transaction, then starts its workflow (id
 * `complaint-<id>`). An idempotency key makes a retried request return the first complaint without
 * calling `within` again; starting the workflow is itself idempotent, so a retry also repairs a
 * complaint whose workflow start was interrupted.
 */
export class IntakeService {
  private readonly processes: ProcessDefinitionService;
  private readonly clocks: ClockStartService;

  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    private readonly config: Config,
  ) {
    this.processes = new ProcessDefinitionService(dataSource);
    this.clocks = new ClockStartService(dataSource, new RegulationSettingsService(dataSource, config));
  }

  async submit(
    input: ComplaintInput,
    opts: { idempotencyKey?: string; actor?: string; enteredByUserId?: string; within?: WithinIntake } = {},
  ): Promise<{ complaint: Complaint; created: boolean }> {
    if (opts.idempotencyKey) {
      const existing = await this.dataSource
        .getRepository(Complaint)
        .findOneBy({ idempotencyKey: opts.idempotencyKey });
      if (existing) {
        await this.startWorkflow(existing);
        return { complaint: existing, created: false };
      }
    }
    const definition = await this.processes.latest(DEFAULT_PROCESS_KEY);
    if (!definition)
      throw new NoProcessDeployedError(`No version of process "${DEFAULT_PROCESS_KEY}" is deployed.`);

    let complaint: Complaint;
    try {
      complaint = await this.dataSource.transaction(async (manager) => {
        const customer = await this.findOrCreateCustomer(manager, input.customer);
        const id = randomUUID();
        const row = manager.create(Complaint, {
          id,
          trackingCode: newTrackingCode(),
          customerId: customer.id,
          contactPreference: input.customer.contactPreference ?? impliedContactPreference(input.customer),
          channel: input.channel,
          type: input.type,
          category: input.category ?? null,
          product: input.product ?? null,
          subject: input.subject,
          description: input.description,
          desiredRemedy: input.desiredRemedy ?? null,
          processDefinitionId: definition.id,
          processKey: definition.key,
          processVersion: definition.version,
          workflowId: complaintWorkflowId(id),
          idempotencyKey: opts.idempotencyKey ?? null,
          enteredByUserId: opts.enteredByUserId ?? null,
        });
        await manager.insert(Complaint, row);
        await appendAudit(manager, {
          actor: opts.actor ?? `customer:${row.trackingCode}`,
          action: 'complaint.received',
          entityType: 'complaint',
          entityId: id,
          complaintId: id,
          data: { channel: row.channel, processVersion: row.processVersion },
        });
        // A failure here rolls the complaint back too: never a complaint without the customer's files.
        await opts.within?.(manager, row);
        return row;
      });
    } catch (err) {
      // Two concurrent requests with the same key: the loser returns the winner's complaint.
      if (
        opts.idempotencyKey &&
        err instanceof QueryFailedError &&
        /idempotencyKey|UQ_bd999/.test(String(err.driverError?.detail ?? err.message))
      ) {
        const winner = await this.dataSource
          .getRepository(Complaint)
          .findOneByOrFail({ idempotencyKey: opts.idempotencyKey });
        await this.startWorkflow(winner);
        return { complaint: winner, created: false };
      }
      throw err;
    }
    await this.startWorkflow(complaint);
    return { complaint, created: true };
  }

  /** Starts the complaint's workflow; a second call finds the running one (USE_EXISTING). */
  async startWorkflow(complaint: Complaint): Promise<void> {
    const customer = await this.dataSource
      .getRepository(Customer)
      .findOneByOrFail({ id: complaint.customerId });
    const defaults = processDefaults(this.config);
    // The jurisdiction profile's deadline clocks start at receipt (recorded once) and travel with the
    // working calendar in the variables; the acknowledgment promises the earlier of the process's own
    // target and the regulatory final-response deadline.
    const regulated = await this.clocks.prepare(complaint);
    const target = addIsoDuration(complaint.createdAt ?? new Date(), defaults.sla.finalResponse);
    const promised =
      regulated.finalResponseDue && regulated.finalResponseDue < target ? regulated.finalResponseDue : target;
    const input: ComplaintWorkflowInput = {
      complaintId: complaint.id,
      trackingCode: complaint.trackingCode,
      processDefinitionId: complaint.processDefinitionId,
      processKey: complaint.processKey,
      processVersion: complaint.processVersion,
      continueAsNewAfterEvents: this.config.CONTINUE_AS_NEW_AFTER_EVENTS,
      variables: {
        complaintId: complaint.id,
        trackingCode: complaint.trackingCode,
        customer: {
          name: customer.name,
          email: customer.email,
          phone: customer.phone,
          locale: customer.locale,
        },
        channel: complaint.channel,
        type: complaint.type,
        subject: complaint.subject,
        description: complaint.description,
        desiredRemedy: complaint.desiredRemedy,
        approvalLimit: defaults.approvalLimit,
        sla: defaults.sla,
        expectedResolutionDate: promised.toISOString(),
        reopenCount: 0,
        ...regulated.variables,
      },
    };
    await this.temporal.workflow.start('complaintWorkflow', {
      workflowId: complaint.workflowId,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      typedSearchAttributes: [
        { key: { name: 'RedressTrackingCode', type: 'KEYWORD' }, value: complaint.trackingCode },
        { key: { name: 'RedressChannel', type: 'KEYWORD' }, value: complaint.channel },
        { key: { name: 'RedressStage', type: 'KEYWORD' }, value: complaint.stage },
        { key: { name: 'RedressProcessVersion', type: 'INT' }, value: complaint.processVersion },
      ],
    });
  }

  /** Same email (case-insensitive) or phone → same customer, so repeat complaints can be flagged. */
  private async findOrCreateCustomer(
    manager: EntityManager,
    c: ComplaintInput['customer'],
  ): Promise<Customer> {
    const repo = manager.getRepository(Customer);
    const qb = repo.createQueryBuilder('c').where('c.pseudonymisedAt IS NULL');
    if (c.email && c.phone)
      qb.andWhere('(lower(c.email) = lower(:email) OR c.phone = :phone)', { email: c.email, phone: c.phone });
    else if (c.email) qb.andWhere('lower(c.email) = lower(:email)', { email: c.email });
    else qb.andWhere('c.phone = :phone', { phone: c.phone });
    const existing = await qb.orderBy('c.createdAt', 'ASC').getOne();
    if (existing) {
      // Keep contact details current; the customer's latest language wins.
      existing.name = c.name;
      existing.email = c.email ?? existing.email;
      existing.phone = c.phone ?? existing.phone;
      existing.locale = c.locale;
      return repo.save(existing);
    }
    return repo.save(
      repo.create({ name: c.name, email: c.email ?? null, phone: c.phone ?? null, locale: c.locale }),
    );
  }
}
