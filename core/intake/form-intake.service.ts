import type { ComplaintInput, IntakeService } from '../complaints/intake.service';
import type { Complaint } from '../db/entities';
import { discardFiles, type ReceivedFile } from './attachment-storage';
import type { AttachmentService } from './attachment.service';

/**
 * A complaint with its evidence, from the public form: the complaint, its attachment rows and their
 * audit entries are committed in intake's one transaction, so a failure leaves neither a complaint
 * without the customer's files nor files without a complaint. A repeated submission (same
 * idempotency key: a double click, a reload, a retry after an error) returns the first complaint
 * and keeps none of the repeat's files.
 */
export class FormIntakeService {
  constructor(
    private readonly intake: IntakeService,
    private readonly attachments: AttachmentService,
  ) {}

  async submit(
    input: ComplaintInput,
    files: ReceivedFile[],
    idempotencyKey: string,
  ): Promise<{ complaint: Complaint; created: boolean }> {
    let result: { complaint: Complaint; created: boolean };
    try {
      result = await this.intake.submit(input, {
        idempotencyKey,
        within: (manager, complaint) =>
          this.attachments.record(manager, complaint.id, files, {
            actor: `customer:${complaint.trackingCode}`,
          }),
      });
    } catch (err) {
      // Rolled back: no row names these files. Committed, then the workflow start failed: the rows
      // do, and the files stay for the retry that starts it. The submission's error is what matters.
      await this.attachments.discardUnrecorded(files).catch(() => undefined);
      throw err;
    }
    if (!result.created) discardFiles(this.attachments.dir, files);
    return result;
  }
}
