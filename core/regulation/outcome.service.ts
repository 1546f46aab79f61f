import type { DataSource } from 'typeorm';
import { appendAudit } from '../audit/audit-log';
import { Complaint } from '../db/entities';
import { RegulationRuleError } from './errors';
import type { Decision } from './returns.service';

/** The outcome data regulators and reports need, as staff record it. */
export interface OutcomeInput {
  decision?: Decision;
  /** Money paid to the customer; null clears it. */
  redressPaid?: number | null;
  rootCause?: string | null;
}

/**
 * Records a complaint's outcome: the decision (upheld, partly upheld, not upheld), the redress paid
 * and the root cause, next to the remedy the customer asked for (desiredRemedy) and the remedy granted
 * (remedyType, remedyAmount from the investigation). Audited with the values before and after.
 */
export class OutcomeService {
  constructor(private readonly dataSource: DataSource) {}

  async record(complaintId: string, input: OutcomeInput, actor: string): Promise<Complaint> {
    return this.dataSource.transaction(async (m) => {
      const complaint = await m
        .getRepository(Complaint)
        .findOne({ where: { id: complaintId }, lock: { mode: 'pessimistic_write' } });
      if (!complaint) throw new RegulationRuleError('not_found', 'There is no such complaint.');
      const patch: Partial<Complaint> = {};
      if (input.decision !== undefined) patch.decision = input.decision;
      if (input.redressPaid !== undefined)
        patch.redressPaid = input.redressPaid === null ? null : input.redressPaid.toFixed(2);
      if (input.rootCause !== undefined) patch.rootCause = input.rootCause;
      const before = {
        decision: complaint.decision,
        redressPaid: complaint.redressPaid,
        rootCause: complaint.rootCause,
      };
      await m.getRepository(Complaint).update({ id: complaintId }, patch);
      await appendAudit(m, {
        actor,
        action: 'complaint.outcome_recorded',
        entityType: 'complaint',
        entityId: complaintId,
        complaintId,
        data: { before, after: { ...before, ...patch } },
      });
      return m.getRepository(Complaint).findOneByOrFail({ id: complaintId });
    });
  }
}
