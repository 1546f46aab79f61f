/**
 * Moving running complaints from one version of a process to another where the elements they are on
 * exist in both (matched by id). The preview asks each complaint's workflow where it is; performing
 * the move is an Update of the workflow (`migrateVersion`), then the complaint's row, its history
 * (timeline kind `migrated`) and the audit log are updated in one transaction.
 */
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { appendAudit } from '../../core/audit/audit-log';
import { Complaint, TimelineEntry, type ProcessDefinition } from '../../core/db/entities';
import { complaintStateQuery, type Actor, type ComplaintState } from '../../workflows/complaint.messages';
import { migrationBlockers } from '../../workflows/migration-check';
import type { ProcessVersionsService } from './process-versions.service';

/**
 * The Update the complaint workflow must handle (name `migrateVersion`, see the report to the lead):
 * switch to the compiled graph of `processDefinitionId` and carry on from the same state.
 */
export const MIGRATE_VERSION_UPDATE = 'migrateVersion';

/** Argument of the `migrateVersion` Update. */
export interface MigrateVersionInput {
  processDefinitionId: string;
  processVersion: number;
  actor: Actor;
}

/** What the workflow answers: the version it runs on now. */
export interface MigrateVersionResult {
  processVersion: number;
}

/** One complaint in a preview. */
export interface MigrationCandidate {
  complaintId: string;
  trackingCode: string;
  activeElements: string[];
  /** Why it cannot move; empty for a complaint that can. */
  reasons: string[];
}

/** Which complaints of `from` can move to `to`, and why the others cannot. */
export interface MigrationPreview {
  key: string;
  from: number;
  to: number;
  movable: MigrationCandidate[];
  blocked: MigrationCandidate[];
}

/** The outcome of performing a migration. */
export interface MigrationOutcome extends MigrationPreview {
  migrated: string[];
  failed: { complaintId: string; trackingCode: string; reason: string }[];
}

/** Thrown for a request that makes no sense (same version twice). */
export class MigrationRequestError extends Error {}

// Complaints whose workflows are asked at the same time.
const CONCURRENCY = 8;

export class MigrationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    private readonly versions: ProcessVersionsService,
  ) {}

  /** @throws VersionNotFoundError, MigrationRequestError */
  async preview(key: string, from: number, to: number): Promise<MigrationPreview> {
    if (from === to) throw new MigrationRequestError('Choose two different versions.');
    const [source, target] = await Promise.all([this.versions.get(key, from), this.versions.get(key, to)]);
    const complaints = await this.dataSource.getRepository(Complaint).find({
      where: { processKey: key, processVersion: from, status: 'open' },
      select: { id: true, trackingCode: true, workflowId: true },
      order: { createdAt: 'ASC' },
    });
    const candidates = await mapLimited(
      complaints,
      CONCURRENCY,
      async (complaint): Promise<MigrationCandidate> => {
        const base = { complaintId: complaint.id, trackingCode: complaint.trackingCode };
        let state: ComplaintState;
        try {
          state = await this.temporal.withDeadline(Date.now() + 5_000, () =>
            this.temporal.workflow.getHandle(complaint.workflowId).query(complaintStateQuery),
          );
        } catch (error) {
          return {
            ...base,
            activeElements: [],
            reasons: [`its workflow did not answer: ${(error as Error).message}`],
          };
        }
        if (state.completed) return { ...base, activeElements: [], reasons: ['it has already completed'] };
        if (state.processVersion !== from) {
          return {
            ...base,
            activeElements: state.activeElements,
            reasons: [`its workflow already runs version ${state.processVersion}`],
          };
        }
        const waiting = [...state.openTasks, ...state.incidents].map((wait) => wait.elementId);
        const reasons = migrationBlockers(
          { activeElements: state.activeElements, waitingElements: waiting },
          source.compiled,
          target.compiled,
        );
        return { ...base, activeElements: state.activeElements, reasons };
      },
    );
    return {
      key,
      from,
      to,
      movable: candidates.filter((candidate) => candidate.reasons.length === 0),
      blocked: candidates.filter((candidate) => candidate.reasons.length > 0),
    };
  }

  /** Moves every complaint the preview allows; one failing complaint does not stop the others. */
  async migrate(key: string, from: number, to: number, actor: Actor): Promise<MigrationOutcome> {
    const preview = await this.preview(key, from, to);
    const target = await this.versions.get(key, to);
    const migrated: string[] = [];
    const failed: MigrationOutcome['failed'] = [];
    await mapLimited(preview.movable, CONCURRENCY, async (candidate) => {
      try {
        await this.moveOne(candidate, target, from, actor);
        migrated.push(candidate.complaintId);
      } catch (error) {
        failed.push({
          complaintId: candidate.complaintId,
          trackingCode: candidate.trackingCode,
          reason: reasonOf(error),
        });
      }
    });
    return { ...preview, migrated, failed };
  }

  private async moveOne(
    candidate: MigrationCandidate,
    target: ProcessDefinition,
    from: number,
    actor: Actor,
  ): Promise<void> {
    const complaint = await this.dataSource
      .getRepository(Complaint)
      .findOneByOrFail({ id: candidate.complaintId });
    const input: MigrateVersionInput = {
      processDefinitionId: target.id,
      processVersion: target.version,
      actor,
    };
    // The update id makes a retried request (double click, timeout) one migration.
    await this.temporal.withDeadline(Date.now() + 20_000, () =>
      this.temporal.workflow
        .getHandle(complaint.workflowId)
        .executeUpdate<MigrateVersionResult, [MigrateVersionInput]>(MIGRATE_VERSION_UPDATE, {
          args: [input],
          updateId: `migrate:${target.id}`,
        }),
    );
    await this.dataSource.transaction(async (manager) => {
      await manager.update(
        Complaint,
        { id: complaint.id },
        { processDefinitionId: target.id, processVersion: target.version },
      );
      // The workflow numbers its own entries upwards from 1; entries written from outside count down
      // from -1, so the two never take each other's (workflowId, seq).
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`timeline:${complaint.workflowId}`]);
      const [next] = await manager.query<{ seq: number }[]>(
        'SELECT LEAST(COALESCE(MIN(seq), 0), 0) - 1 AS seq FROM timeline_entry WHERE "workflowId" = $1',
        [complaint.workflowId],
      );
      const data = {
        processKey: target.key,
        fromVersion: from,
        toVersion: target.version,
        processDefinitionId: target.id,
        by: actor.username,
      };
      await manager.insert(TimelineEntry, {
        complaintId: complaint.id,
        workflowId: complaint.workflowId,
        seq: Number(next?.seq ?? -1),
        kind: 'migrated',
        elementId: null,
        processVersion: target.version,
        data,
        occurredAt: new Date(),
      });
      await appendAudit(manager, {
        actor: `user:${actor.userId}`,
        action: 'complaint.migrated',
        entityType: 'complaint',
        entityId: complaint.id,
        complaintId: complaint.id,
        data,
      });
    });
  }
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause;
  return cause?.message ? `${(error as Error).message}: ${cause.message}` : (error as Error).message;
}

/** `Promise.all` over `items`, at most `limit` at a time, results in order. */
async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
