import type { Client } from '@temporalio/client';
import { QueryFailedError, type DataSource } from 'typeorm';
import { z } from 'zod';
import { appendAudit, textFingerprint } from '../audit/audit-log';
import { Complaint, Customer, SurveyResponse } from '../db/entities';
import { signalComplaint } from '../intake/workflow-signal';
import { verifyLink } from '../security/signed-link';

/** The purpose survey links are signed for (see activities/service-tasks/survey.task.ts). */
export const SURVEY_LINK_PURPOSE = 'survey';
/** The BPMN message the default model's survey catch events wait for. */
export const SURVEY_ANSWERED = 'surveyAnswered';

/** What the customer submits. `solved` is a real boolean: the model's gateway tests `surveyAnswer.solved = true`. */
export const surveyAnswerSchema = z.object({
  satisfaction: z.coerce.number().int().min(1).max(5),
  solved: z.enum(['yes', 'no']).transform((v) => v === 'yes'),
  comment: z
    .string()
    .trim()
    .max(5_000)
    .optional()
    .transform((v) => (v ? v : null)),
});

export type SurveyAnswer = z.output<typeof surveyAnswerSchema>;

/** Where a survey link stands. */
export type SurveyLink =
  | { status: 'invalid' }
  | { status: 'answered'; complaint: Complaint; locale: string }
  | { status: 'closed'; complaint: Complaint; locale: string }
  | { status: 'open'; complaint: Complaint; locale: string; nonce: string };

const isUniqueViolation = (err: unknown): boolean =>
  err instanceof QueryFailedError && (err.driverError as { code?: string } | undefined)?.code === '23505';

/**
 * Satisfaction surveys: a signed link (complaint + survey round) opens a page the customer submits;
 * the answer is stored once per round (a second one is refused) and then reaches the workflow as
 * the `surveyAnswered` message with `surveyAnswer {satisfaction, solved, comment}` — the variable
 * names the default model's "Satisfied?" gateway reads.
 */
export class SurveyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    private readonly secret: string,
  ) {}

  /** Checks a link: forged or altered, already answered, no longer open, or open. */
  async inspect(token: string): Promise<SurveyLink> {
    const link = verifyLink(this.secret, SURVEY_LINK_PURPOSE, token);
    if (!link || !z.uuid().safeParse(link.complaintId).success) return { status: 'invalid' };
    const complaint = await this.dataSource.getRepository(Complaint).findOneBy({ id: link.complaintId });
    if (!complaint) return { status: 'invalid' };
    const customer = await this.dataSource.getRepository(Customer).findOneBy({ id: complaint.customerId });
    const locale = customer?.locale ?? 'en';
    const answered = await this.dataSource
      .getRepository(SurveyResponse)
      .existsBy({ complaintId: complaint.id, nonce: link.nonce });
    if (answered) return { status: 'answered', complaint, locale };
    // Only while the process waits for the answer: a reopened or closed complaint has no open survey.
    if (complaint.status !== 'open' || complaint.stage !== 'survey')
      return { status: 'closed', complaint, locale };
    return { status: 'open', complaint, locale, nonce: link.nonce };
  }

  /**
   * Records the answer and tells the workflow. Returns the link's status: `recorded` on success, or
   * why nothing changed (`invalid`, `answered`, `closed`).
   */
  async submit(
    token: string,
    answer: SurveyAnswer,
  ): Promise<{ status: 'recorded'; complaint: Complaint } | Exclude<SurveyLink, { status: 'open' }>> {
    const link = await this.inspect(token);
    if (link.status !== 'open') return link;
    const { complaint, nonce } = link;
    let response: SurveyResponse;
    try {
      response = await this.dataSource.transaction(async (manager) => {
        const row = manager.create(SurveyResponse, {
          complaintId: complaint.id,
          nonce,
          satisfaction: answer.satisfaction,
          solved: answer.solved,
          comment: answer.comment,
          answeredAt: new Date(),
          signalledAt: null,
        });
        await manager.save(row);
        await manager.update(Complaint, { id: complaint.id }, { satisfaction: answer.satisfaction });
        await appendAudit(manager, {
          actor: `customer:${complaint.trackingCode}`,
          action: 'survey.answered',
          entityType: 'survey_response',
          entityId: row.id,
          complaintId: complaint.id,
          data: {
            satisfaction: answer.satisfaction,
            solved: answer.solved,
            comment: answer.comment ? textFingerprint(answer.comment) : null,
          },
        });
        return row;
      });
    } catch (err) {
      // A double submission racing this one won: this one changes nothing.
      if (isUniqueViolation(err)) return { status: 'answered', complaint, locale: link.locale };
      throw err;
    }
    const delivered = await signalComplaint(this.temporal, complaint.workflowId, SURVEY_ANSWERED, {
      surveyAnswer: { satisfaction: answer.satisfaction, solved: answer.solved, comment: answer.comment },
    });
    if (delivered)
      await this.dataSource
        .getRepository(SurveyResponse)
        .update({ id: response.id }, { signalledAt: new Date() });
    return { status: 'recorded', complaint };
  }
}
