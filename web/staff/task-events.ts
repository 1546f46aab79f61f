import { EventEmitter } from 'node:events';
import { Client } from 'pg';

/** The PostgreSQL channel the `human_task` triggers notify (migrations/1764058000000-staff-workspace.ts). */
export const TASK_CHANNEL = 'human_task_changed';

/** One change to the inbox table, as the trigger reports it; `many` means a bulk change (reload everything). */
export interface TaskChange {
  op: 'insert' | 'update';
  id?: string;
  complaintId?: string;
  status?: string;
  assignee?: string | null;
  previousAssignee?: string | null;
  candidateGroups?: string[];
  many?: number;
}

/**
 * Listens on `human_task_changed` with one connection per web process and fans the changes out to
 * every open inbox stream. Because the notification comes from a trigger in the database, a task the
 * worker opens, or a claim made through another web process, reaches every browser. The connection
 * is opened on first use and re-opened with back-off after a failure.
 */
export class TaskEventHub {
  private readonly emitter = new EventEmitter();
  private client: Client | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private retryMs = 500;
  private everConnected = false;

  constructor(private readonly databaseUrl: string) {
    this.emitter.setMaxListeners(0);
  }

  /** Calls `listener` for each change until the returned function is called. */
  subscribe(listener: (change: TaskChange) => void): () => void {
    this.emitter.on('change', listener);
    void this.ensureConnected();
    return () => this.emitter.off('change', listener);
  }

  /** Resolves once the process listens (for tests and for the first stream). */
  ready(): Promise<void> {
    return this.ensureConnected();
  }

  /** Calls `listener` when the hub closes (the app stops), so open streams can end. */
  onClose(listener: () => void): () => void {
    this.emitter.on('close', listener);
    return () => this.emitter.off('close', listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.emitter.emit('close');
    this.emitter.removeAllListeners();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private ensureConnected(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'redress-web-inbox' });
    client.on('notification', (msg) => {
      if (msg.channel !== TASK_CHANNEL || !msg.payload) return;
      try {
        this.emitter.emit('change', JSON.parse(msg.payload) as TaskChange);
      } catch {
        // a malformed payload is not worth a crash; the next change reloads the list anyway
      }
    });
    client.on('error', (err) => {
      console.error('[web] inbox notifications connection lost:', err.message);
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      this.reconnectLater();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${TASK_CHANNEL}`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.client = client;
      this.retryMs = 500;
      // After a lost connection, whatever happened meanwhile was missed: tell every inbox to reload.
      if (this.everConnected) this.emitter.emit('change', { op: 'update', many: 1 } satisfies TaskChange);
      this.everConnected = true;
    } catch (err) {
      await client.end().catch(() => undefined);
      console.error('[web] cannot listen for inbox changes:', (err as Error).message);
      this.reconnectLater();
    }
  }

  private reconnectLater(): void {
    // With nobody listening, the next subscriber connects again.
    if (this.closed || this.emitter.listenerCount('change') === 0) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
    setTimeout(() => void this.ensureConnected(), delay).unref();
  }
}

/** Whether a change may interest this viewer's inbox (their task, their groups', or they see everything). */
export function concerns(
  change: TaskChange,
  viewer: { username: string; groups: string[] },
  seesAll: boolean,
): boolean {
  if (seesAll || change.many) return true;
  if (change.assignee === viewer.username || change.previousAssignee === viewer.username) return true;
  const groups = change.candidateGroups ?? [];
  return groups.length === 0 || groups.some((g) => viewer.groups.includes(g));
}
