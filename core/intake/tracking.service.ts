import type { Client } from '@temporalio/client';
import { In, type DataSource } from 'typeorm';
import { complaintStateQuery } from '../../workflows/complaint.messages';
import { addIsoDuration, processDefaults } from '../complaints/process-defaults';
import type { Config } from '../config/config';
import { Complaint, Customer, CustomerMessage, OutboundMessage, TimelineEntry } from '../db/entities';
import { TRACKING_CODE_PATTERN } from '../security/tracking-code';

/** One step of the customer-visible timeline. */
export interface StageStep {
  stage: string;
  at: Date;
}

/** A message we sent, as the customer sees it on the tracking page (the text part). */
export interface SentMessage {
  channel: 'email' | 'sms';
  template: string;
  subject: string | null;
  text: string;
  at: Date;
}

/** Everything the tracking page shows. */
export interface TrackingView {
  complaint: Complaint;
  customerLocale: string;
  steps: StageStep[];
  expectedResolutionDate: Date | null;
  sent: SentMessage[];
  received: Pick<CustomerMessage, 'id' | 'body' | 'channel' | 'createdAt'>[];
}

// The page must not hang on a workflow whose worker is down: the query gets this long.
const QUERY_TIMEOUT_MS = 1_500;

/**
 * What a customer may read about their complaint, found by its tracking code alone (the code is
 * unguessable, so it is the key). Malformed and unknown codes are the same "not found".
 */
export class TrackingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    private readonly config: Config,
  ) {}

  /** The complaint with this code, or null (also for anything that is not a well-formed code). */
  async find(code: string): Promise<Complaint | null> {
    const normalised = code.trim().toUpperCase();
    if (!TRACKING_CODE_PATTERN.test(normalised)) return null;
    return this.dataSource.getRepository(Complaint).findOneBy({ trackingCode: normalised });
  }

  async view(complaint: Complaint): Promise<TrackingView> {
    const [customer, entries, outbound, received, expected] = await Promise.all([
      this.dataSource.getRepository(Customer).findOneBy({ id: complaint.customerId }),
      this.dataSource
        .getRepository(TimelineEntry)
        .find({ where: { complaintId: complaint.id, kind: 'stageChanged' }, order: { seq: 'ASC' } }),
      this.dataSource
        .getRepository(OutboundMessage)
        .find({ where: { complaintId: complaint.id, status: In(['sent']) }, order: { createdAt: 'ASC' } }),
      this.dataSource
        .getRepository(CustomerMessage)
        .find({ where: { complaintId: complaint.id }, order: { createdAt: 'ASC' } }),
      this.expectedResolutionDate(complaint),
    ]);
    return {
      complaint,
      customerLocale: customer?.locale ?? 'en',
      steps: stageSteps(complaint, entries),
      expectedResolutionDate: complaint.status === 'closed' ? null : expected,
      sent: sentMessages(outbound),
      received: received.map(({ id, body, channel, createdAt }) => ({ id, body, channel, createdAt })),
    };
  }

  /** From the workflow's variables when it answers quickly, otherwise computed as intake does. */
  private async expectedResolutionDate(complaint: Complaint): Promise<Date | null> {
    const computed = addIsoDuration(complaint.createdAt, processDefaults(this.config).sla.finalResponse);
    if (complaint.status === 'closed') return null;
    try {
      const query = this.temporal.workflow.getHandle(complaint.workflowId).query(complaintStateQuery);
      const timeout = new Promise<null>((resolve) =>
        setTimeout(() => resolve(null), QUERY_TIMEOUT_MS).unref(),
      );
      const state = await Promise.race([query.catch(() => null), timeout]);
      const value = state?.variables.expectedResolutionDate;
      const date = typeof value === 'string' ? new Date(value) : null;
      return date && !Number.isNaN(date.getTime()) ? date : computed;
    } catch {
      return computed;
    }
  }
}

/** Received first, then every stage change, without repeats; ends at the complaint's current stage. */
export function stageSteps(
  complaint: Pick<Complaint, 'stage' | 'createdAt' | 'updatedAt'>,
  entries: Pick<TimelineEntry, 'data' | 'occurredAt'>[],
): StageStep[] {
  const steps: StageStep[] = [{ stage: 'received', at: complaint.createdAt }];
  for (const e of entries) {
    const to = typeof e.data.to === 'string' ? e.data.to : undefined;
    if (to && steps[steps.length - 1]?.stage !== to) steps.push({ stage: to, at: e.occurredAt });
  }
  if (steps[steps.length - 1]?.stage !== complaint.stage)
    steps.push({ stage: complaint.stage, at: complaint.updatedAt });
  return steps;
}

/** One entry per notification: the email when there was one, else the SMS. */
export function sentMessages(rows: OutboundMessage[]): SentMessage[] {
  const byNotification = new Map<string, OutboundMessage>();
  for (const row of rows) {
    const key = row.idempotencyKey.replace(/:(email|sms)$/, '');
    const seen = byNotification.get(key);
    if (!seen || (seen.channel === 'sms' && row.channel === 'email')) byNotification.set(key, row);
  }
  return [...byNotification.values()]
    .sort((a, b) => (a.sentAt ?? a.createdAt).getTime() - (b.sentAt ?? b.createdAt).getTime())
    .map((m) => ({
      channel: m.channel,
      template: m.template,
      subject: m.subject,
      text: m.body,
      at: m.sentAt ?? m.createdAt,
    }));
}
