import { existsSync } from 'node:fs';
import path from 'node:path';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { appendAudit } from '../audit/audit-log';
import { Attachment } from '../db/entities';
import { attachmentsDir, discardFiles, type ReceivedFile } from './attachment-storage';

/** An attachment as staff see it in lists (no storage details). */
export type AttachmentSummary = Pick<
  Attachment,
  | 'id'
  | 'complaintId'
  | 'customerMessageId'
  | 'originalName'
  | 'contentType'
  | 'size'
  | 'sha256'
  | 'createdAt'
>;

/**
 * The attachment records: files already stored by the attachment storage are recorded against a
 * complaint (and the customer message they came with), audited in the same transaction.
 */
export class AttachmentService {
  readonly dir: string;

  constructor(
    private readonly dataSource: DataSource,
    dataDir: string,
  ) {
    this.dir = attachmentsDir(dataDir);
  }

  /** Records the kept files of `files` inside the caller's transaction; refused ones are skipped. */
  async record(
    manager: EntityManager,
    complaintId: string,
    files: ReceivedFile[],
    opts: { actor: string; customerMessageId?: string | null },
  ): Promise<Attachment[]> {
    const kept = files.filter(
      (f): f is Required<Pick<ReceivedFile, 'storedName' | 'contentType' | 'sha256'>> & ReceivedFile =>
        !!f.storedName && !f.problem,
    );
    if (!kept.length) return [];
    const rows = kept.map((f) =>
      manager.create(Attachment, {
        complaintId,
        customerMessageId: opts.customerMessageId ?? null,
        originalName: f.originalName,
        storedName: f.storedName,
        contentType: f.contentType,
        size: f.size,
        sha256: f.sha256,
      }),
    );
    await manager.save(rows);
    await appendAudit(manager, {
      actor: opts.actor,
      action: 'attachment.added',
      entityType: 'complaint',
      entityId: complaintId,
      complaintId,
      data: {
        attachments: rows.map((r) => ({
          id: r.id,
          name: r.originalName,
          contentType: r.contentType,
          size: r.size,
          sha256: r.sha256,
        })),
      },
    });
    return rows;
  }

  /**
   * Deletes the stored files of `files` that no attachment row refers to: after a rolled-back or
   * repeated submission. Asking the database (rather than guessing from the error) keeps the files of
   * a complaint that was committed before something later failed, such as starting its workflow.
   */
  async discardUnrecorded(files: ReceivedFile[]): Promise<void> {
    const stored = files.flatMap((f) => (f.storedName ? [f.storedName] : []));
    if (!stored.length) return;
    const recorded = new Set(
      (
        await this.dataSource
          .getRepository(Attachment)
          .find({ select: { storedName: true }, where: { storedName: In(stored) } })
      ).map((a) => a.storedName),
    );
    discardFiles(
      this.dir,
      files.filter((f) => f.storedName && !recorded.has(f.storedName)),
    );
  }

  /** A complaint's attachments, oldest first. */
  async list(complaintId: string): Promise<AttachmentSummary[]> {
    const rows = await this.dataSource
      .getRepository(Attachment)
      .find({ where: { complaintId }, order: { createdAt: 'ASC' } });
    return rows.map(({ storedName: _stored, ...summary }) => summary);
  }

  /** One attachment and the path of its file, or null when either is gone. */
  async open(id: string): Promise<{ attachment: Attachment; file: string } | null> {
    const attachment = await this.dataSource.getRepository(Attachment).findOneBy({ id });
    if (!attachment) return null;
    // storedName is ours (random hex), but never trust a path built from a database value blindly.
    const file = path.join(this.dir, path.basename(attachment.storedName));
    return existsSync(file) ? { attachment, file } : null;
  }
}
