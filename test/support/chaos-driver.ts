import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { StaffUser } from '../../core/db/entities';
import { StaffService } from '../../core/staff/staff.service';
import { customerMessageSignal } from '../../workflows/complaint.messages';

/** One complaint the driver submits and follows. */
export interface ChaosComplaint {
  index: number;
  idempotencyKey: string;
  email: string;
  id?: string;
  workflowId?: string;
  surveyAnswered?: boolean;
}

/** What the driver had to do to get through the outages. */
export interface DriverStats {
  intakeAttempts: number;
  intakeRetries: number;
  completionAttempts: number;
  completionRetries: number;
  completionsRefusedAsDone: number;
  surveySignals: number;
  surveyRetries: number;
  logins: number;
  dbPollErrors: number;
}

/** Answers staff give: a remedy above the approval limit, so both the investigation and the approval run. */
export const CHAOS_ANSWERS: Record<string, Record<string, unknown>> = {
  investigate: {
    findings: 'Heating element failed; the product is faulty.',
    complaintDecision: 'upheld',
    remedyType: 'refund',
    remedyAmount: 900,
    response: 'We are sorry. We will refund you in full.',
    rootCause: 'Supplier batch defect',
  },
  approveRemedy: { decision: 'approve', reason: 'Within policy.' },
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const backoff = (attempt: number): number => Math.min(5000, 250 * 2 ** attempt) * (0.5 + Math.random());

/**
 * Plays customers and staff against the real web process, retrying across outages: complaints go
 * in through `POST /api/complaints` with an Idempotency-Key (a retry after a lost answer returns the
 * same complaint), tasks are completed through the inbox API (`POST /api/tasks/:id/complete`, with a
 * submission id so a repeated completion is applied once), and surveys are answered with the
 * `surveyAnswered` message once a complaint is at the survey stage.
 */
export class ChaosDriver {
  readonly complaints: ChaosComplaint[];
  readonly stats: DriverStats = {
    intakeAttempts: 0,
    intakeRetries: 0,
    completionAttempts: 0,
    completionRetries: 0,
    completionsRefusedAsDone: 0,
    surveySignals: 0,
    surveyRetries: 0,
    logins: 0,
    dbPollErrors: 0,
  };
  private readonly runId = randomUUID().slice(0, 8);
  private readonly jar = new Map<string, string>();
  private csrf = '';
  private readonly staffEmail = `chaos.${randomUUID().slice(0, 8)}@staff.test`;
  private readonly staffPassword = `pw-${randomUUID()}`;
  private readonly completing = new Set<string>();
  private readonly signalling = new Set<string>();
  private stopped = false;
  private staffCreated = false;
  private started = 0;
  /** Indexes of complaints whose survey is not answered until `releaseSurveys()`. */
  private readonly heldSurveys = new Set<number>();

  constructor(
    private readonly webUrl: string,
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    count: number,
    private readonly log: (m: string) => void = () => undefined,
  ) {
    this.complaints = Array.from({ length: count }, (_, index) => ({
      index,
      idempotencyKey: `chaos-${this.runId}-${index}`,
      email: `chaos.${this.runId}.${index}@customer.test`,
    }));
  }

  /** Complaints whose submission has begun (answered or not yet). */
  startedCount(): number {
    return this.started;
  }

  /** Complaints that have a row (submitted and answered at least once). */
  submittedIds(): string[] {
    return this.complaints.flatMap((c) => (c.id ? [c.id] : []));
  }

  stop(): void {
    this.stopped = true;
  }

  /**
   * The first `count` customers do not answer their survey until `releaseSurveys()`: their
   * complaints stay open, waiting on the customer, so a fault always finds complaints in flight
   * however fast the others close, and those long-waiting workflows live through every fault.
   */
  holdSurveys(count: number): void {
    for (const c of this.complaints.slice(0, count)) this.heldSurveys.add(c.index);
  }

  releaseSurveys(): void {
    this.heldSurveys.clear();
  }

  /**
   * Submits every complaint, retrying each until it is accepted: a few at a time as fast as the web
   * process takes them, or, with `intervalMs`, one every `intervalMs` so that complaints are in
   * flight throughout a short run.
   */
  async submitAll(concurrency = 4, intervalMs = 0): Promise<void> {
    if (intervalMs) {
      const all: Promise<void>[] = [];
      for (const c of this.complaints) {
        if (this.stopped) break;
        all.push(this.submit(c));
        await sleep(intervalMs);
      }
      await Promise.all(all);
      return;
    }
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < this.complaints.length && !this.stopped) await this.submit(this.complaints[next++]!);
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
  }

  private async submit(c: ChaosComplaint): Promise<void> {
    this.started++;
    for (let attempt = 0; !this.stopped; attempt++) {
      this.stats.intakeAttempts++;
      if (attempt) this.stats.intakeRetries++;
      try {
        const res = await fetch(`${this.webUrl}/api/complaints`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': c.idempotencyKey },
          body: JSON.stringify({
            customer: {
              name: `Chaos Customer ${c.index}`,
              email: c.email,
              phone: `+44 20 ${String(70000000 + c.index).slice(-8)}`,
              locale: 'en',
            },
            channel: 'web',
            subject: 'Broken kettle',
            description: `The kettle stopped working after two days (chaos ${this.runId} #${c.index}).`,
          }),
          signal: AbortSignal.timeout(20_000),
        });
        if (res.status === 200 || res.status === 201) {
          const body = (await res.json()) as { id: string };
          c.id = body.id;
          c.workflowId = `complaint-${body.id}`;
          return;
        }
        if (res.status < 500) throw new Error(`intake refused: ${res.status} ${await res.text()}`);
      } catch (err) {
        if ((err as Error).message.startsWith('intake refused')) throw err;
      }
      await sleep(backoff(attempt));
    }
  }

  /** One round of staff and customer work: completes open tasks and answers surveys. */
  async poll(): Promise<void> {
    const ids = this.submittedIds();
    if (!ids.length) return;
    let tasks: { id: string; elementId: string }[];
    let atSurvey: { id: string; workflowId: string }[];
    try {
      tasks = await this.dataSource.query(
        `SELECT "id", "elementId" FROM "human_task" WHERE "status" = 'open' AND "complaintId" = ANY($1::uuid[])`,
        [ids],
      );
      atSurvey = await this.dataSource.query(
        `SELECT "id", "workflowId" FROM "complaint" WHERE "stage" = 'survey' AND "status" = 'open' AND "id" = ANY($1::uuid[])`,
        [ids],
      );
    } catch {
      this.stats.dbPollErrors++;
      return;
    }
    for (const t of tasks) {
      if (this.completing.has(t.id)) continue;
      this.completing.add(t.id);
      void this.complete(t.id, t.elementId).finally(() => this.completing.delete(t.id));
    }
    for (const c of atSurvey) {
      const complaint = this.complaints.find((x) => x.id === c.id);
      if (!complaint || complaint.surveyAnswered || this.signalling.has(c.id)) continue;
      if (this.heldSurveys.has(complaint.index)) continue;
      this.signalling.add(c.id);
      void this.answerSurvey(complaint).finally(() => this.signalling.delete(c.id));
    }
  }

  private async answerSurvey(c: ChaosComplaint): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      if (attempt) this.stats.surveyRetries++;
      try {
        await this.temporal.workflow.getHandle(c.workflowId!).signal(customerMessageSignal, {
          name: 'surveyAnswered',
          variables: { surveyAnswer: { satisfaction: 5, solved: true, comment: 'chaos' } },
        });
        this.stats.surveySignals++;
        c.surveyAnswered = true;
        return;
      } catch {
        await sleep(backoff(attempt));
      }
    }
  }

  private loggingIn?: Promise<void>;

  /** Logs in once for every caller at that moment (a second login would change the CSRF token under the first). */
  private login(): Promise<void> {
    this.loggingIn ??= this.doLogin().finally(() => (this.loggingIn = undefined));
    return this.loggingIn;
  }

  private async doLogin(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        if (!this.staffCreated) {
          // An earlier attempt may have created the user before its answer was lost.
          if (!(await this.dataSource.getRepository(StaffUser).existsBy({ email: this.staffEmail })))
            await new StaffService(this.dataSource).create(
              {
                email: this.staffEmail,
                name: 'Chaos Admin',
                password: this.staffPassword,
                roles: ['admin'],
                groups: [],
              },
              'system',
            );
          this.staffCreated = true;
        }
        this.jar.clear();
        const res = await this.request('POST', '/api/auth/login', {
          email: this.staffEmail,
          password: this.staffPassword,
        });
        if (res.status === 200) {
          this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
          this.stats.logins++;
          return;
        }
      } catch {
        // web or database down: try again
      }
      await sleep(backoff(attempt));
    }
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    const res = await fetch(`${this.webUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        'content-type': 'application/json',
        ...(this.jar.size ? { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = pair!.split('=');
      this.jar.set(name!.trim(), value.join('='));
    }
    return res;
  }

  /** Completes one task through the inbox API; returns once it is done or known done. */
  private async complete(taskId: string, elementId: string): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      this.stats.completionAttempts++;
      if (attempt) this.stats.completionRetries++;
      try {
        if (!this.csrf) await this.login();
        const csrf = this.csrf;
        const res = await this.request('POST', `/api/tasks/${taskId}/complete`, {
          data: CHAOS_ANSWERS[elementId] ?? {},
          submissionId: `chaos-${taskId}`,
        });
        if (res.ok) return;
        if (res.status === 409) {
          // Already completed (by an earlier attempt whose answer was lost) or withdrawn: the checks say which.
          this.stats.completionsRefusedAsDone++;
          const why = (await res.text()).slice(0, 200);
          if (!why.includes(`by ${this.staffEmail}`))
            this.log(`completing ${elementId} ${taskId}: 409 ${why}`);
          return;
        }
        if (res.status === 401 || res.status === 403) {
          // Session or CSRF token no longer valid: log in again, unless another caller already did.
          if (this.csrf === csrf) this.csrf = '';
        } else if (res.status < 500 && res.status !== 429)
          this.log(`completing ${elementId} ${taskId}: ${res.status} ${(await res.text()).slice(0, 200)}`);
      } catch {
        // web down or slow: retry
      }
      await sleep(backoff(attempt));
    }
  }
}
