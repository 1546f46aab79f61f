import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { completeTaskUpdate, customerMessageSignal, type Actor } from '../../workflows/complaint.messages';

/** The member of staff the driver acts as (admin: may complete any task, as the inbox would allow). */
export const BENCH_ACTOR: Actor = {
  userId: 'bench-admin',
  username: 'bench-admin@staff.test',
  roles: ['admin'],
  groups: [],
};

/** Answers per user task: an investigation above the approval limit (so approval runs), then approval. */
export const BENCH_ANSWERS: Record<string, Record<string, unknown>> = {
  investigate: {
    findings: 'Heating element failed; the product is faulty.',
    complaintDecision: 'upheld',
    remedyType: 'refund',
    remedyAmount: 900,
    response: 'We are sorry. We will refund you in full.',
    rootCause: 'Supplier batch defect',
  },
  approveRemedy: { decision: 'approve', reason: '' },
  supervisorInvestigation: {
    findings: 'Late but found.',
    complaintDecision: 'partly_upheld',
    remedyType: 'refund',
    remedyAmount: 10,
    response: 'Refunded.',
  },
  supervisorReview: { reviewNotes: 'ok', finalResponse: 'ok' },
};

export interface DriverStats {
  /** Round trip of each completeTask Update (accepted, applied, answered), ms. */
  updateMs: number[];
  /** From the task's row appearing in the inbox table to the driver seeing it, ms (polling delay). */
  pickupMs: number[];
  updates: number;
  rejected: number;
  surveys: number;
}

/**
 * Plays staff and customers for a set of complaints, the way the inbox and the survey page do: polls
 * the inbox table (`human_task`) for open tasks of these complaints and completes each through the
 * `completeTaskUpdate` Update (idempotent update id per task), and answers the survey by the
 * `surveyAnswered` message once a complaint reaches the survey stage. Stops when told to.
 */
export class FlowDriver {
  readonly stats: DriverStats = { updateMs: [], pickupMs: [], updates: 0, rejected: 0, surveys: 0 };
  private readonly inFlight = new Set<string>();
  private readonly done = new Set<string>();
  private readonly surveyed = new Set<string>();
  private stopped = false;
  private loop?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    private readonly complaintIds: () => string[],
    private readonly opts: { pollMs?: number; concurrency?: number } = {},
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    const pollMs = this.opts.pollMs ?? 100;
    const concurrency = this.opts.concurrency ?? 32;
    while (!this.stopped) {
      const ids = this.complaintIds();
      if (ids.length) {
        const tasks = await this.dataSource.query<
          { workflowId: string; waitId: string; elementId: string; createdAt: Date }[]
        >(
          `SELECT "workflowId", "waitId", "elementId", "createdAt" FROM "human_task"
            WHERE "status" = 'open' AND "complaintId" = ANY($1::uuid[]) ORDER BY "createdAt"`,
          [ids],
        );
        for (const t of tasks) {
          const key = `${t.workflowId}:${t.waitId}`;
          if (this.inFlight.has(key) || this.done.has(key) || this.inFlight.size >= concurrency) continue;
          this.stats.pickupMs.push(Date.now() - new Date(t.createdAt).getTime());
          this.inFlight.add(key);
          void this.complete(t.workflowId, t.waitId, t.elementId).finally(() => {
            this.inFlight.delete(key);
            this.done.add(key);
          });
        }
        const atSurvey = await this.dataSource.query<{ workflowId: string }[]>(
          `SELECT "workflowId" FROM "complaint" WHERE "stage" = 'survey' AND "status" = 'open' AND "id" = ANY($1::uuid[])`,
          [ids],
        );
        for (const c of atSurvey) {
          if (this.surveyed.has(c.workflowId)) continue;
          this.surveyed.add(c.workflowId);
          this.stats.surveys++;
          void this.temporal.workflow
            .getHandle(c.workflowId)
            .signal(customerMessageSignal, {
              name: 'surveyAnswered',
              variables: { surveyAnswer: { satisfaction: 5, solved: true, comment: 'bench' } },
            })
            .catch((err: Error) => console.warn(`[bench] survey signal failed: ${err.message}`));
        }
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  private async complete(workflowId: string, waitId: string, elementId: string): Promise<void> {
    const t0 = performance.now();
    try {
      await this.temporal.workflow.getHandle(workflowId).executeUpdate(completeTaskUpdate, {
        args: [{ waitId, data: BENCH_ANSWERS[elementId] ?? {}, actor: BENCH_ACTOR }],
        updateId: `bench:${workflowId}:${waitId}`,
      });
      this.stats.updateMs.push(performance.now() - t0);
      this.stats.updates++;
    } catch (err) {
      this.stats.rejected++;
      console.warn(`[bench] completing ${elementId} of ${workflowId} failed: ${(err as Error).message}`);
    }
  }
}
