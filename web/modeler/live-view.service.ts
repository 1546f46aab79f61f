import type { DataSource } from 'typeorm';

/** Where complaints of one version are right now, for one element of the diagram. */
export interface LiveElement {
  elementId: string;
  /** Open complaints whose token is on this element now. */
  count: number;
  avgWaitSeconds: number;
  maxWaitSeconds: number;
  /** Of those, how many wait on a task past its due date. */
  overdue: number;
  /** The staff list of exactly these complaints. */
  complaintsUrl: string;
}

/** The live view of one deployed version. */
export interface LiveView {
  key: string;
  version: number;
  generatedAt: string;
  openComplaints: number;
  elements: LiveElement[];
}

interface WaitRow {
  elementId: string;
  complaintId: string;
  since: Date;
  dueAt: Date | null;
}

/**
 * Counts, per element, the open complaints of a version that are there now: open inbox tasks, plus
 * every element a token entered and has not left according to the complaint's timeline (service
 * tasks running or failed, timers, message waits, sub-processes).
 */
export class LiveViewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: () => number = Date.now,
  ) {}

  async view(key: string, version: number): Promise<LiveView> {
    const now = this.clock();
    const [tasks, entered, [total]] = await Promise.all([
      this.dataSource.query<WaitRow[]>(
        `SELECT t."elementId", t."complaintId", t."createdAt" AS since, t."dueAt"
           FROM human_task t JOIN complaint c ON c.id = t."complaintId"
          WHERE c."processKey" = $1 AND c."processVersion" = $2 AND c.status = 'open' AND t.status = 'open'`,
        [key, version],
      ),
      this.dataSource.query<WaitRow[]>(
        `SELECT e."elementId", e."complaintId", e."occurredAt" AS since, NULL AS "dueAt"
           FROM timeline_entry e JOIN complaint c ON c.id = e."complaintId"
          WHERE c."processKey" = $1 AND c."processVersion" = $2 AND c.status = 'open'
            AND e.kind = 'elementEntered' AND e."elementId" IS NOT NULL
            AND NOT EXISTS (
              SELECT 1 FROM timeline_entry l
               WHERE l."workflowId" = e."workflowId" AND l.seq > e.seq AND l.kind = 'elementLeft'
                 AND l."elementId" = e."elementId" AND l.data->>'tokenId' IS NOT DISTINCT FROM e.data->>'tokenId')`,
        [key, version],
      ),
      this.dataSource.query<{ open: string }[]>(
        `SELECT COUNT(*) AS open FROM complaint WHERE "processKey" = $1 AND "processVersion" = $2 AND status = 'open'`,
        [key, version],
      ),
    ]);
    // One wait per complaint and element: the inbox row wins (it knows the due date), else the earliest entry.
    const waits = new Map<string, WaitRow>();
    for (const row of [...tasks, ...entered]) {
      const id = `${row.elementId}\u0000${row.complaintId}`;
      const known = waits.get(id);
      if (!known) waits.set(id, row);
      else if (known.dueAt === null && row.dueAt === null && new Date(row.since) < new Date(known.since))
        waits.set(id, row);
    }
    const byElement = new Map<string, WaitRow[]>();
    for (const row of waits.values())
      byElement.set(row.elementId, [...(byElement.get(row.elementId) ?? []), row]);
    const elements = [...byElement].map(([elementId, rows]): LiveElement => {
      const seconds = rows.map((row) =>
        Math.max(0, Math.round((now - new Date(row.since).getTime()) / 1000)),
      );
      return {
        elementId,
        count: rows.length,
        avgWaitSeconds: Math.round(seconds.reduce((sum, value) => sum + value, 0) / rows.length),
        maxWaitSeconds: Math.max(...seconds),
        overdue: rows.filter((row) => row.dueAt !== null && new Date(row.dueAt).getTime() < now).length,
        complaintsUrl: `/staff/complaints?element=${encodeURIComponent(elementId)}&version=${version}`,
      };
    });
    elements.sort((a, b) => b.count - a.count || a.elementId.localeCompare(b.elementId));
    return {
      key,
      version,
      generatedAt: new Date(now).toISOString(),
      openComplaints: Number(total?.open ?? 0),
      elements,
    };
  }
}
