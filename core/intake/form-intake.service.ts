import type { DataSource } from 'typeorm';
import type { ComplaintInput, IntakeService } from '../complaints/intake.service';
import type { Complaint } from '../db/entities';
import { discardFiles, type ReceivedFile } from './attachment-storage';
import type { AttachmentService } from './attachment.service';

/**
 * A complaint with its evidence, from the public form: intake first (the one way complaints are
 * created), then the files recorded against it. A repeated submission (same idempotency key: a
 * double click, a reload) returns the first complaint and keeps none of the repeat's files.
 */
export class FormIntakeService {
  constructor(
    private readonly dataSource: DataSource,
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
      result = await this.intake.submit(input, { idempotencyKey });
    } catch (err) {
      discardFiles(this.attachments.dir, files);
      throw err;
    }
    if (!result.created) {
      discardFiles(this.attachments.dir, files);
      return result;
    }
    const actor = `customer:${result.complaint.trackingCode}`;
    try {
      await this.dataSource.transaction((manager) =>
        this.attachments.record(manager, result.complaint.id, files, { actor }),
      );
    } catch (err) {
      discardFiles(this.attachments.dir, files);
      throw err;
    }
    return result;
  }
}
