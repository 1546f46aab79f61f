import type { DataSource } from 'typeorm';
import { appendAudit, textFingerprint } from '../../core/audit/audit-log';
import { ComplaintNote } from '../../core/db/entities';
import type { Viewer } from '../../core/tasks/task-access';

/** Internal notes on a complaint: staff-only, never sent to the customer, never edited; each one audited. */
export class ComplaintNotesService {
  constructor(private readonly dataSource: DataSource) {}

  async add(complaintId: string, body: string, viewer: Viewer & { name: string }): Promise<ComplaintNote> {
    return this.dataSource.transaction(async (m) => {
      const note = await m.save(
        m.create(ComplaintNote, {
          complaintId,
          kind: 'note',
          body,
          authorId: viewer.userId,
          authorName: viewer.name,
        }),
      );
      await appendAudit(m, {
        actor: `user:${viewer.userId}`,
        action: 'complaint.note_added',
        entityType: 'complaint_note',
        entityId: note.id,
        complaintId,
        data: { body: textFingerprint(body) },
      });
      return note;
    });
  }

  list(complaintId: string): Promise<ComplaintNote[]> {
    return this.dataSource
      .getRepository(ComplaintNote)
      .find({ where: { complaintId }, order: { createdAt: 'ASC' } });
  }
}
