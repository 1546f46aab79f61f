import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '../audit/audit-log';
import {
  Complaint,
  ComplaintNote,
  Customer,
  HumanTask,
  OutboundMessage,
  TimelineEntry,
} from '../db/entities';
import { existingOptionalTables } from './optional-tables';
import { retentionStatus, type RetentionStatus } from './retention';
import { PSEUDONYMISED, replaceValues, scrubFormData } from './scrub';

/** Thrown when the customer may not be pseudonymised yet (or already was); the message says why. */
export class PseudonymisationRefusedError extends Error {
  constructor(readonly status: RetentionStatus) {
    super(status.reason);
  }
}

/** What was replaced, for the answer to the admin (the audit entry records the same counts). */
export interface PseudonymisationResult {
  customerId: string;
  pseudonymisedAt: string;
  complaints: number;
  messagesSent: number;
  tasks: number;
  timelineEntries: number;
  messagesReceived: number;
  surveyAnswers: number;
  attachments: number;
  /** Staff's internal notes and questions to the customer on these complaints. */
  notes: number;
  /**
   * Audit entries of these complaints that still quote free text or the customer's details. The
   * audit log cannot be changed, so they keep it; Redress records a fingerprint of free text
   * (core/audit/audit-log.ts textFingerprint), so only entries written before that, or imported, count.
   */
  auditEntriesWithText: number;
}

/**
 * Pseudonymisation at the end of retention: the customer's name, email and phone, the free text of
 * their complaints, of the messages sent to and received from them, of staff's task notes and
 * internal notes about them and of survey comments are replaced with placeholders, in one transaction with its audit
 * entry. Everything statistics read stays (dates, category, channel, stage, remedy and amount,
 * satisfaction score), so reports do not change; the audit chain is untouched (its entries never
 * held personal data) and gains one entry recording the act, not the erased values.
 *
 * Not covered here: attachment files on disk (their names are replaced; the files stay with the
 * record until the record itself is destroyed) and Temporal's workflow histories, which the
 * namespace's retention (days to weeks after closure) has removed long before.
 */
export class PseudonymiseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly retentionYears: number,
  ) {}

  status(customerId: string): Promise<RetentionStatus | null> {
    return retentionStatus(this.dataSource, customerId, this.retentionYears);
  }

  /**
   * Pseudonymises one customer; null when there is no such customer.
   * @throws PseudonymisationRefusedError before the retention period ends, with an open complaint, or when already done.
   */
  async pseudonymise(customerId: string, actor: string): Promise<PseudonymisationResult | null> {
    return this.dataSource.transaction(async (m) => {
      // Lock the customer so a concurrent intake cannot attach a new complaint midway.
      const customer = await m
        .getRepository(Customer)
        .createQueryBuilder('cu')
        .setLock('pessimistic_write')
        .where('cu.id = :id', { id: customerId })
        .getOne();
      if (!customer) return null;
      const status = await retentionStatus(m, customerId, this.retentionYears);
      if (!status?.eligible) throw new PseudonymisationRefusedError(status!);

      const personal = [customer.name, customer.email ?? '', customer.phone ?? ''];
      const complaints = await m.find(Complaint, {
        where: { customerId },
        select: { id: true, workflowId: true },
      });
      const ids = complaints.map((c) => c.id);
      const now = new Date();
      const counts = ids.length
        ? await this.scrubComplaints(m, ids, personal)
        : {
            messagesSent: 0,
            tasks: 0,
            timelineEntries: 0,
            messagesReceived: 0,
            surveyAnswers: 0,
            attachments: 0,
            notes: 0,
          };
      await m.update(
        Customer,
        { id: customerId },
        { name: PSEUDONYMISED, email: null, phone: null, pseudonymisedAt: now },
      );
      const auditEntriesWithText = ids.length ? await this.auditEntriesWithText(m, ids, personal) : 0;
      const result: PseudonymisationResult = {
        customerId,
        pseudonymisedAt: now.toISOString(),
        complaints: ids.length,
        ...counts,
        auditEntriesWithText,
      };
      await appendAudit(m, {
        actor,
        action: 'customer.pseudonymised',
        entityType: 'customer',
        entityId: customerId,
        data: {
          ...counts,
          complaints: ids.length,
          retentionYears: this.retentionYears,
          retentionEndedAt: status.retentionEndsAt,
        },
      });
      return result;
    });
  }

  /** Entries (of these complaints) whose data quotes free text (not a fingerprint) or a personal value. */
  private async auditEntriesWithText(m: EntityManager, ids: string[], personal: string[]): Promise<number> {
    const values = personal.map((p) => p.trim().toLowerCase()).filter((p) => p.length >= 3);
    const [row] = await m.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "audit_event"
        WHERE "complaintId" = ANY($1::uuid[])
          AND (EXISTS (SELECT 1 FROM jsonb_each("data") f
                        WHERE f.key IN ('body', 'question', 'comment', 'text', 'reason')
                          AND jsonb_typeof(f.value) = 'string')
               OR EXISTS (SELECT 1 FROM unnest($2::text[]) v WHERE position(v IN lower("data"::text)) > 0))`,
      [ids, values],
    );
    return Number(row?.n ?? 0);
  }

  private async scrubComplaints(
    m: EntityManager,
    ids: string[],
    personal: string[],
  ): Promise<
    Omit<PseudonymisationResult, 'customerId' | 'pseudonymisedAt' | 'complaints' | 'auditEntriesWithText'>
  > {
    await m
      .createQueryBuilder()
      .update(Complaint)
      .set({
        subject: PSEUDONYMISED,
        description: PSEUDONYMISED,
        desiredRemedy: () => `CASE WHEN "desiredRemedy" IS NULL THEN NULL ELSE '${PSEUDONYMISED}' END`,
      })
      .where('id IN (:...ids)', { ids })
      .execute();
    const sent = await m
      .createQueryBuilder()
      .update(OutboundMessage)
      .set({
        recipient: PSEUDONYMISED,
        body: PSEUDONYMISED,
        html: null,
        subject: () => `CASE WHEN "subject" IS NULL THEN NULL ELSE '${PSEUDONYMISED}' END`,
      })
      .where('"complaintId" IN (:...ids)', { ids })
      .execute();

    const tasks = await m
      .createQueryBuilder(HumanTask, 'h')
      .where('h.complaintId IN (:...ids)', { ids })
      .andWhere('h.data IS NOT NULL')
      .getMany();
    for (const task of tasks)
      await m.update(
        HumanTask,
        { id: task.id },
        { data: replaceValues(scrubFormData(task.data), personal) as object },
      );

    // The trail holds element ids and engine messages; an incident message may quote an address.
    const entries = await m
      .createQueryBuilder(TimelineEntry, 't')
      .where('t.complaintId IN (:...ids)', { ids })
      .getMany();
    let timelineEntries = 0;
    for (const entry of entries) {
      const scrubbed = replaceValues(entry.data, personal) as Record<string, unknown>;
      if (JSON.stringify(scrubbed) !== JSON.stringify(entry.data)) {
        await m.query(`UPDATE "timeline_entry" SET "data" = $1::jsonb WHERE "id" = $2`, [
          JSON.stringify(scrubbed),
          entry.id,
        ]);
        timelineEntries++;
      }
    }

    const tables = await existingOptionalTables(m);
    const run = async (table: string, sql: string): Promise<number> => {
      if (!tables.has(table as never)) return 0;
      const [, affected] = (await m.query(
        `UPDATE "${table}" SET ${sql} WHERE "complaintId" = ANY($1::uuid[])`,
        [ids],
      )) as [unknown, number];
      return affected;
    };
    return {
      messagesSent: sent.affected ?? 0,
      tasks: tasks.length,
      timelineEntries,
      messagesReceived: await run('customer_message', `"body" = '${PSEUDONYMISED}', "sender" = NULL`),
      surveyAnswers: await run(
        'survey_response',
        `"comment" = CASE WHEN "comment" IS NULL THEN NULL ELSE '${PSEUDONYMISED}' END`,
      ),
      attachments: await run('attachment', `"originalName" = '${PSEUDONYMISED}'`),
      notes:
        (
          await m
            .createQueryBuilder()
            .update(ComplaintNote)
            .set({ body: PSEUDONYMISED })
            .where('"complaintId" IN (:...ids)', { ids })
            .execute()
        ).affected ?? 0,
    };
  }
}
