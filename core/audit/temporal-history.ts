import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';

/** One event of a workflow's Temporal history, in words. */
export interface TemporalEventView {
  id: number;
  time: string;
  /** Temporal's name, e.g. `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED`. */
  type: string;
  /** The type in words, e.g. "Activity scheduled". */
  label: string;
  category:
    | 'workflow'
    | 'workflowTask'
    | 'activity'
    | 'timer'
    | 'signal'
    | 'update'
    | 'searchAttributes'
    | 'marker'
    | 'other';
  /** One line with the key attributes. */
  summary: string;
  /** Key attributes, decoded: `value` in words or short JSON, `data` the full decoded payload. */
  attributes: { name: string; value: string; data?: unknown }[];
  /** Updates: accepted, completed, failed or rejected. Activities: completed, failed, timed out, cancelled. */
  outcome?: 'accepted' | 'completed' | 'failed' | 'rejected' | 'timedOut' | 'cancelled';
}

export interface TemporalRunView {
  runId: string;
  /** The run this one continued (continue-as-new), if any. */
  continuedFrom: string | null;
  events: TemporalEventView[];
}

export interface TemporalHistoryView {
  workflowId: string;
  available: boolean;
  /** Why the history could not be read (no workflow, retention passed, server unreachable). */
  error?: string;
  /** Oldest run first. */
  runs: TemporalRunView[];
}

type Json = Record<string, unknown>;
interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const LABELS: Record<string, string> = {
  WORKFLOW_EXECUTION_STARTED: 'Workflow started',
  WORKFLOW_EXECUTION_COMPLETED: 'Workflow completed',
  WORKFLOW_EXECUTION_FAILED: 'Workflow failed',
  WORKFLOW_EXECUTION_TIMED_OUT: 'Workflow timed out',
  WORKFLOW_EXECUTION_TERMINATED: 'Workflow terminated',
  WORKFLOW_EXECUTION_CANCELED: 'Workflow cancelled',
  WORKFLOW_EXECUTION_CONTINUED_AS_NEW: 'Continued as a new run',
  WORKFLOW_EXECUTION_SIGNALED: 'Signal received',
  WORKFLOW_EXECUTION_UPDATE_ADMITTED: 'Update admitted',
  WORKFLOW_EXECUTION_UPDATE_ACCEPTED: 'Update accepted',
  WORKFLOW_EXECUTION_UPDATE_REJECTED: 'Update rejected',
  WORKFLOW_EXECUTION_UPDATE_COMPLETED: 'Update completed',
  WORKFLOW_TASK_SCHEDULED: 'Workflow task scheduled',
  WORKFLOW_TASK_STARTED: 'Workflow task started',
  WORKFLOW_TASK_COMPLETED: 'Workflow task completed',
  WORKFLOW_TASK_FAILED: 'Workflow task failed',
  WORKFLOW_TASK_TIMED_OUT: 'Workflow task timed out',
  ACTIVITY_TASK_SCHEDULED: 'Activity scheduled',
  ACTIVITY_TASK_STARTED: 'Activity started',
  ACTIVITY_TASK_COMPLETED: 'Activity completed',
  ACTIVITY_TASK_FAILED: 'Activity failed',
  ACTIVITY_TASK_TIMED_OUT: 'Activity timed out',
  ACTIVITY_TASK_CANCEL_REQUESTED: 'Activity cancellation requested',
  ACTIVITY_TASK_CANCELED: 'Activity cancelled',
  TIMER_STARTED: 'Timer started',
  TIMER_FIRED: 'Timer fired',
  TIMER_CANCELED: 'Timer cancelled',
  MARKER_RECORDED: 'Marker recorded',
  UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: 'Search attributes set',
  WORKFLOW_PROPERTIES_MODIFIED: 'Workflow properties changed',
};

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});

/** Decodes a JSON payload (`json/plain`, `binary/null`); other encodings are named, not shown. */
export function decodePayload(p: JsonPayload | undefined): unknown {
  if (!p) return undefined;
  const encoding = p.metadata?.encoding ? Buffer.from(p.metadata.encoding, 'base64').toString('utf8') : '';
  if (encoding === 'binary/null') return null;
  if (encoding === 'json/plain') {
    try {
      return JSON.parse(Buffer.from(p.data ?? '', 'base64').toString('utf8')) as unknown;
    } catch {
      return '<undecodable JSON payload>';
    }
  }
  return `<${encoding || 'unknown'} payload>`;
}

const payloads = (v: unknown): unknown[] =>
  ((obj(v).payloads as JsonPayload[] | undefined) ?? []).map(decodePayload);

/** A short, readable rendering of a value: long strings cut, long lists and objects elided. */
export function summarise(value: unknown, max = 240): string {
  const shorten = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return v.length > 60 ? `${v.slice(0, 57)}…` : v;
    if (Array.isArray(v))
      return depth > 2
        ? `[${v.length}]`
        : [
            ...v.slice(0, 5).map((x) => shorten(x, depth + 1)),
            ...(v.length > 5 ? [`…${v.length - 5} more`] : []),
          ];
    if (v && typeof v === 'object') {
      if (depth > 2) return '{…}';
      return Object.fromEntries(Object.entries(v as Json).map(([k, x]) => [k, shorten(x, depth + 1)]));
    }
    return v;
  };
  const text = JSON.stringify(shorten(value, 0)) ?? '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A protobuf duration (`{seconds, nanos}`, or JSON's "432000s") in words: "5 d", "1 h 30 min", "1.5 s". */
export function formatDuration(d: unknown): string {
  let s: number;
  if (d && typeof d === 'object') {
    const o = d as { seconds?: unknown; nanos?: unknown };
    s = Number(o.seconds ?? 0) + Number(o.nanos ?? 0) / 1e9;
  } else {
    const m = /^(-?\d+(?:\.\d+)?)s$/.exec(str(d));
    if (!m) return str(d);
    s = Number(m[1]);
  }
  if (s < 60) return `${Number(s.toFixed(3))} s`;
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['min', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(s / size);
    if (n) parts.push(`${n} ${unit}`);
    s -= n * size;
  }
  return parts.join(' ');
}

/** The failure's message, with its cause's (an activity failure wraps the application error). */
function failureText(f: unknown): string {
  const failure = obj(f);
  const cause = obj(failure.cause);
  return [str(failure.message), str(cause.message)].filter(Boolean).join(': ');
}

/** A service task activity's input reads best as task type, element and wait. */
function activityInputSummary(input: unknown[]): string {
  const first = obj(input[0]);
  if (first.taskType || first.elementId) {
    return [
      first.taskType && `task type ${str(first.taskType)}`,
      first.elementId && `element ${str(first.elementId)}`,
      first.waitId && `wait ${str(first.waitId)}`,
    ]
      .filter(Boolean)
      .join(', ');
  }
  if (first.waitId && first.status)
    return `wait ${str(first.waitId)} → ${str(first.status)}${first.completedBy ? ` by ${str(first.completedBy)}` : ''}`;
  if (Array.isArray(first.entries))
    return `${first.entries.length} timeline entr${first.entries.length === 1 ? 'y' : 'ies'}${first.stage ? `, stage ${str(first.stage)}` : ''}`;
  if (first.task) return `task ${str(obj(first.task).elementId)} (${str(obj(first.task).waitId)})`;
  return summarise(input.length === 1 ? input[0] : input, 160);
}

/** Temporal's RetryState enum in words (0 is unspecified). */
function retryStateWords(v: unknown): string {
  const names = [
    '',
    'in progress',
    'non-retryable failure',
    'timed out',
    'maximum attempts reached',
    'no retry policy',
    'internal server error',
    'cancel requested',
  ];
  const n = Number(v);
  return Number.isInteger(n)
    ? (names[n] ?? `retry state ${n}`)
    : str(v)
        .replace(/^RETRY_STATE_/, '')
        .toLowerCase()
        .replace(/_/g, ' ');
}

const isLong = (v: object): v is { toString(): string } =>
  'low' in v && 'high' in v && 'unsigned' in v && typeof (v as { low: unknown }).low === 'number';

/** A protobuf message (or part) as plain JSON: 64-bit integers as strings, bytes as base64, like protobuf JSON. */
function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object') {
    if (isLong(value)) return value.toString();
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = toPlain(v);
    return out;
  }
  return value;
}

/**
 * The client's decoded history as protobuf-JSON-like events: `eventType` named from the event's
 * attributes field (`activityTaskScheduledEventAttributes` → `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED`),
 * `eventTime` as an ISO instant. (The SDK's own historyToJSON trips over two protobufjs copies.)
 */
export function normaliseHistory(history: History): Json[] {
  return (history.events ?? []).map((raw) => {
    const e = toPlain(raw) as Json;
    const key = Object.keys(e).find((k) => k.endsWith('EventAttributes'));
    const type = key
      ? `EVENT_TYPE_${key
          .replace(/EventAttributes$/, '')
          .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
          .toUpperCase()}`
      : 'EVENT_TYPE_UNKNOWN';
    const t = obj(e.eventTime);
    const time =
      t.seconds !== undefined
        ? new Date(Number(t.seconds) * 1000 + Math.floor(Number(t.nanos ?? 0) / 1e6)).toISOString()
        : '';
    return { ...e, eventType: type, eventTime: time };
  });
}

/** Turns a history (protobuf JSON events) into readable events, resolving ids to names across events. */
export function formatHistoryEvents(events: Json[]): TemporalEventView[] {
  const activities = new Map<string, string>();
  const timers = new Map<string, string>();
  const updates = new Map<string, string>();
  return events.map((e) => {
    const type = str(e.eventType);
    const short = type.replace(/^EVENT_TYPE_/, '');
    const attrsKey = Object.keys(e).find((k) => k.endsWith('EventAttributes'));
    const a = obj(attrsKey ? e[attrsKey] : undefined);
    const attributes: TemporalEventView['attributes'] = [];
    const add = (name: string, value: unknown): void => {
      const text = typeof value === 'string' ? value : value === undefined ? '' : summarise(value, 400);
      if (text !== '')
        attributes.push({
          name,
          value: text,
          ...(value !== null && typeof value === 'object' ? { data: value } : {}),
        });
    };
    let category: TemporalEventView['category'] = 'other';
    let summary = '';
    let outcome: TemporalEventView['outcome'];

    switch (short) {
      case 'WORKFLOW_EXECUTION_STARTED': {
        category = 'workflow';
        const input = payloads(a.input);
        summary = `${str(obj(a.workflowType).name)} on task queue ${str(obj(a.taskQueue).name)}${a.continuedExecutionRunId ? ', continuing an earlier run' : ''}`;
        add('Workflow type', str(obj(a.workflowType).name));
        add('Task queue', str(obj(a.taskQueue).name));
        add('Input', input.length === 1 ? input[0] : input);
        add('Continued from run', str(a.continuedExecutionRunId));
        add('Started by', str(a.identity));
        break;
      }
      case 'WORKFLOW_EXECUTION_COMPLETED':
        category = 'workflow';
        summary = `result ${summarise(payloads(a.result)[0] ?? null, 160)}`;
        add('Result', payloads(a.result)[0]);
        break;
      case 'WORKFLOW_EXECUTION_FAILED':
        category = 'workflow';
        summary = failureText(a.failure);
        add('Failure', summary);
        break;
      case 'WORKFLOW_EXECUTION_TERMINATED':
        category = 'workflow';
        summary = `${str(a.reason) || 'no reason given'}${a.identity ? ` (by ${str(a.identity)})` : ''}`;
        add('Reason', str(a.reason));
        break;
      case 'WORKFLOW_EXECUTION_CONTINUED_AS_NEW':
        category = 'workflow';
        summary = `new run ${str(a.newExecutionRunId)}`;
        add('New run', str(a.newExecutionRunId));
        break;
      case 'WORKFLOW_EXECUTION_SIGNALED': {
        category = 'signal';
        const input = payloads(a.input);
        const first = obj(input[0]);
        summary = `${str(a.signalName)}${first.name ? ` → message "${str(first.name)}"` : ''} ${summarise(first.variables ?? input[0] ?? null, 160)}`;
        add('Signal', str(a.signalName));
        add('Input', input.length === 1 ? input[0] : input);
        add('Sent by', str(a.identity));
        break;
      }
      case 'WORKFLOW_EXECUTION_UPDATE_ADMITTED':
      case 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED':
      case 'WORKFLOW_EXECUTION_UPDATE_REJECTED': {
        category = 'update';
        const request = obj(a.acceptedRequest ?? a.rejectedRequest ?? a.request);
        const name = str(obj(request.input).name);
        const id = str(obj(request.meta).updateId) || str(a.protocolInstanceId);
        if (id && name) updates.set(id, name);
        const args = payloads(obj(request.input).args);
        const first = obj(args[0]);
        const actor = obj(first.actor);
        outcome = short.endsWith('ACCEPTED')
          ? 'accepted'
          : short.endsWith('REJECTED')
            ? 'rejected'
            : undefined;
        summary = `${name}${actor.username ? ` by ${str(actor.username)}` : ''}${first.waitId ? ` for wait ${str(first.waitId)}` : ''}${outcome === 'rejected' ? `: ${failureText(a.failure)}` : ''}`;
        add('Update', name);
        add('Update id', id);
        add('Arguments', args.length === 1 ? args[0] : args);
        if (outcome === 'rejected') add('Rejected because', failureText(a.failure));
        break;
      }
      case 'WORKFLOW_EXECUTION_UPDATE_COMPLETED': {
        category = 'update';
        const meta = obj(a.meta);
        const id = str(meta.updateId);
        const name = updates.get(id) ?? '';
        const result = obj(a.outcome);
        if (result.failure) {
          outcome = 'failed';
          summary = `${name || id} failed: ${failureText(result.failure)}`;
          add('Failure', failureText(result.failure));
        } else {
          outcome = 'completed';
          summary = `${name || id} completed${result.success ? ` → ${summarise(payloads(result.success)[0] ?? null, 140)}` : ''}`;
          add('Result', payloads(result.success)[0]);
        }
        add('Update', name);
        add('Update id', id);
        break;
      }
      case 'ACTIVITY_TASK_SCHEDULED': {
        category = 'activity';
        const name = str(obj(a.activityType).name);
        activities.set(str(e.eventId), name);
        const input = payloads(a.input);
        summary = `${name}: ${activityInputSummary(input)}`;
        add('Activity type', name);
        add('Activity id', str(a.activityId));
        add('Input', input.length === 1 ? input[0] : input);
        add('Start-to-close timeout', formatDuration(a.startToCloseTimeout));
        const retry = obj(a.retryPolicy);
        if (retry.maximumAttempts) add('Maximum attempts', str(retry.maximumAttempts));
        break;
      }
      case 'ACTIVITY_TASK_STARTED': {
        category = 'activity';
        const name = activities.get(str(a.scheduledEventId)) ?? '';
        const attempt = Number(a.attempt ?? 1);
        summary = `${name}, attempt ${attempt}${a.lastFailure ? ` (previous attempt failed: ${failureText(a.lastFailure)})` : ''}`;
        add('Activity type', name);
        add('Attempt', String(attempt));
        if (a.lastFailure) add('Previous failure', failureText(a.lastFailure));
        break;
      }
      case 'ACTIVITY_TASK_COMPLETED': {
        category = 'activity';
        outcome = 'completed';
        const name = activities.get(str(a.scheduledEventId)) ?? '';
        const result = payloads(a.result)[0];
        summary = `${name}${result !== undefined && result !== null ? ` → ${summarise(result, 160)}` : ''}`;
        add('Activity type', name);
        add('Result', result);
        break;
      }
      case 'ACTIVITY_TASK_FAILED':
      case 'ACTIVITY_TASK_TIMED_OUT':
      case 'ACTIVITY_TASK_CANCELED': {
        category = 'activity';
        outcome = short.endsWith('FAILED')
          ? 'failed'
          : short.endsWith('TIMED_OUT')
            ? 'timedOut'
            : 'cancelled';
        const name = activities.get(str(a.scheduledEventId)) ?? '';
        const why = failureText(a.failure);
        const retry = retryStateWords(a.retryState);
        summary = `${name}${why ? `: ${why}` : ''}${retry ? ` (${retry})` : ''}`;
        add('Activity type', name);
        add('Failure', why);
        add('Retry state', retry);
        break;
      }
      case 'ACTIVITY_TASK_CANCEL_REQUESTED':
        category = 'activity';
        summary = activities.get(str(a.scheduledEventId)) ?? '';
        break;
      case 'TIMER_STARTED': {
        category = 'timer';
        const duration = formatDuration(a.startToFireTimeout);
        timers.set(str(a.timerId), duration);
        summary = `timer ${str(a.timerId)} for ${duration}`;
        add('Timer id', str(a.timerId));
        add('Fires after', duration);
        break;
      }
      case 'TIMER_FIRED':
      case 'TIMER_CANCELED':
        category = 'timer';
        summary = `timer ${str(a.timerId)}${timers.has(str(a.timerId)) ? ` (${timers.get(str(a.timerId))})` : ''}`;
        add('Timer id', str(a.timerId));
        break;
      case 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES': {
        category = 'searchAttributes';
        const fields = obj(obj(a.searchAttributes).indexedFields);
        const decoded = Object.fromEntries(
          Object.entries(fields).map(([k, v]) => [k, decodePayload(v as JsonPayload)]),
        );
        summary = Object.entries(decoded)
          .map(([k, v]) => `${k} = ${summarise(v, 60)}`)
          .join(', ');
        add('Values', decoded);
        break;
      }
      case 'MARKER_RECORDED':
        category = 'marker';
        summary = str(a.markerName);
        add('Marker', str(a.markerName));
        break;
      default:
        if (short.startsWith('WORKFLOW_TASK_')) {
          category = 'workflowTask';
          if (short === 'WORKFLOW_TASK_FAILED') {
            summary = `cause ${str(a.cause)}: ${failureText(a.failure)}`;
            add('Failure', summary);
          }
        }
    }
    return {
      id: Number(e.eventId),
      time: str(e.eventTime),
      type,
      label: LABELS[short] ?? short.charAt(0) + short.slice(1).toLowerCase().replace(/_/g, ' '),
      category,
      summary: summary.trim(),
      attributes,
      ...(outcome ? { outcome } : {}),
    };
  });
}

/**
 * Fetches a complaint workflow's raw history from Temporal, every run of it (continue-as-new chains
 * runs; each run's start names the run before), oldest first. Never throws: a history that cannot be
 * read (no such workflow, closed beyond the namespace's retention, server down) comes back with
 * `available: false` and the reason.
 */
export async function loadTemporalHistory(
  client: Client,
  workflowId: string,
  maxRuns = 20,
): Promise<TemporalHistoryView> {
  const runs: TemporalRunView[] = [];
  try {
    // The latest run first (describe names it), then back along the continue-as-new chain.
    let runId = (await client.workflow.getHandle(workflowId).describe()).runId;
    for (let i = 0; i < maxRuns; i++) {
      const handle = client.workflow.getHandle(workflowId, runId);
      const history = await handle.fetchHistory();
      const events = normaliseHistory(history);
      const started = obj(events[0]?.workflowExecutionStartedEventAttributes);
      const continuedFrom = str(started.continuedExecutionRunId) || null;
      runs.unshift({ runId, continuedFrom, events: formatHistoryEvents(events) });
      if (!continuedFrom) break;
      runId = continuedFrom;
    }
    return { workflowId, available: true, runs };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const notFound =
      /not found/i.test(message) || (err as { name?: string }).name === 'WorkflowNotFoundError';
    return {
      workflowId,
      available: runs.length > 0,
      error: notFound
        ? 'Temporal has no history for this workflow (it never started, or it closed longer ago than the namespace keeps histories).'
        : `The history could not be read from Temporal: ${message}`,
      runs,
    };
  }
}
