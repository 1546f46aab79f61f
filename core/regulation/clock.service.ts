import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { DataSource, EntityManager } from 'typeorm';
import {
  evaluateClock,
  withClockEvent,
  type ClockEvent,
  type ClockEventKind,
  type ClockStatus,
  type WorkingCalendar,
} from '../../workflows/engine/calendar';
import { clockSignal } from '../../workflows/complaint.messages';
import { appendAudit, textFingerprint } from '../audit/audit-log';
import { Complaint, ComplaintClockEvent } from '../db/entities';
import { CalendarService } from './calendar.service';
import { clockDefinitionOf, clockEventOf, clocksOf } from './clock-definitions';
import { RegulationRuleError } from './errors';
import type { JurisdictionProfile } from './profile.schema';
import type { RegulationSettingsService } from './regulation-settings.service';

/** One clock of a complaint as staff see it: its rule, where it stands, and its history. */
export interface ClockView extends Omit<ClockStatus, 'startedAt' | 'stoppedAt' | 'dueAt'> {
  key: string;
  label: string;
  rule: string | null;
  startedAt: string | null;
  stoppedAt: string | null;
  dueAt: string | null;
  /** Budgets staff may extend it to. */
  extensions: { budget: string; label: string }[];
  /** Staff may start it (clocks started by hand, such as a data-subject request). */
  manualStart: boolean;
  /** It may pause (waiting for the customer); the acknowledgment and the ombudsman window never do. */
  pausable: boolean;
  /** It stops by itself while a question to the customer is unanswered (the profile allows it). */
  pausesForCustomer: boolean;
  events: { kind: ClockEventKind; at: string; reason: string | null; budget: string | null; actor: string }[];
}

/** A change staff ask for. */
export interface ClockChange {
  kind: ClockEventKind;
  reason?: string;
  budget?: string;
}

/** Reasons a clock may pause for (waiting for the customer is the only one regulators accept as a rule). */
export const PAUSE_REASONS = ['waiting_for_customer', 'waiting_for_third_party'] as const;

/** A reason as staff give it, `code` or `code: details`, split; `code` is undefined for other text. */
export function splitReason(reason: string): { code?: (typeof PAUSE_REASONS)[number]; details: string } {
  const code = PAUSE_REASONS.find((r) => reason === r || reason.startsWith(`${r}: `));
  return code ? { code, details: reason.slice(code.length + 2) } : { details: reason };
}

/**
 * A staff change's reason as the audit log keeps it: the reason code in clear, free text (details, or
 * a reason given in words through the API) only as a fingerprint, since it may name people and the
 * chain is permanent. The words stay in the clock's own record.
 */
function auditedReason(reason: string | undefined): Record<string, unknown> {
  if (!reason) return { reason: null };
  const { code, details } = splitReason(reason);
  return {
    reason: code ?? null,
    ...(details ? { details: textFingerprint(details) } : {}),
  };
}

/**
 * A complaint's deadline clocks. State is derived from the event log (`complaint_clock_event`) by the
 * engine's pure clock functions; a change is validated against that state, recorded with its audit
 * entry in one transaction, then signalled to the workflow so timers that follow the clock move.
 */
export class ClockService {
  private readonly calendars: CalendarService;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: RegulationSettingsService,
    private readonly temporal?: Client,
  ) {
    this.calendars = new CalendarService(dataSource);
  }

  /** Every clock of the complaint's profile, evaluated at `now`. @throws RegulationRuleError not_found */
  async clocks(
    complaintId: string,
    now: Date = new Date(),
  ): Promise<{ profile: JurisdictionProfile; calendar: WorkingCalendar; clocks: ClockView[] }> {
    const { profile, calendar, rows } = await this.load(this.dataSource.manager, complaintId);
    const states = clocksOf(profile, rows);
    const clocks = Object.entries(profile.clocks).map(([key, def]): ClockView => {
      const state = states[key]!;
      const status = evaluateClock(state, calendar, now.getTime());
      const iso = (v: number | undefined): string | null =>
        v === undefined ? null : new Date(v).toISOString();
      return {
        ...status,
        key,
        label: def.label,
        rule: def.rule ?? null,
        startedAt: iso(status.startedAt),
        stoppedAt: iso(status.stoppedAt),
        dueAt: iso(status.dueAt),
        extensions: def.extensions,
        manualStart: def.start === 'manual',
        pausable: def.pausable,
        pausesForCustomer: def.pauseWhileAwaitingCustomer,
        events: rows
          .filter((r) => r.clock === key)
          .map((r) => ({
            kind: r.kind,
            at: new Date(r.at).toISOString(),
            reason: r.reason,
            budget: r.budget,
            actor: r.actor,
          })),
      };
    });
    return { profile, calendar, clocks };
  }

  /**
   * Pauses, resumes, starts, stops or extends one clock. A pause needs a reason; an extension must be
   * one the profile allows for that clock.
   * @throws RegulationRuleError not_found | invalid (the clock cannot take this change now)
   */
  async change(
    complaintId: string,
    clock: string,
    change: ClockChange,
    actor: string,
  ): Promise<{ event: ClockEvent; signalled: boolean }> {
    const { event, workflowId } = await this.dataSource.transaction(async (m) => {
      // One change of a complaint's clocks at a time, so each is checked against the latest state.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`clocks:${complaintId}`]);
      const { profile, rows, complaint } = await this.load(m, complaintId);
      const def = profile.clocks[clock];
      if (!def)
        throw new RegulationRuleError(
          'not_found',
          `This complaint has no clock "${clock}" (profile ${profile.key}).`,
        );
      if (change.kind === 'start' && def.start !== 'manual')
        throw new RegulationRuleError(
          'invalid',
          `The ${def.label} clock starts by itself; it cannot be started by hand.`,
        );
      if (change.kind === 'extend' && !def.extensions.some((e) => e.budget === change.budget))
        throw new RegulationRuleError(
          'invalid',
          def.extensions.length
            ? `The ${def.label} clock may only be extended to ${def.extensions.map((e) => e.budget).join(' or ')}.`
            : `The ${def.label} clock cannot be extended.`,
        );
      const state = {
        ...clockDefinitionOf(def),
        events: rows.filter((r) => r.clock === clock).map(clockEventOf),
      };
      const proposed: ClockEvent = {
        id: randomUUID(),
        kind: change.kind,
        at: Date.now(),
        ...(change.reason?.trim() ? { reason: change.reason.trim() } : {}),
        ...(change.budget ? { budget: change.budget } : {}),
        actor,
      };
      const next = withClockEvent(state, proposed);
      if (!next.clock)
        throw new RegulationRuleError(
          'invalid',
          `The ${def.label} clock cannot ${change.kind}: ${next.refusal}.`,
        );
      const applied = next.clock.events[next.clock.events.length - 1]!;
      await m.getRepository(ComplaintClockEvent).insert({
        complaintId,
        clock,
        kind: applied.kind,
        reason: applied.reason ?? null,
        budget: applied.budget ?? null,
        at: new Date(applied.at),
        actor,
        eventKey: applied.id,
      });
      await appendAudit(m, {
        actor,
        action: `complaint.clock_${applied.kind}`,
        entityType: 'complaint',
        entityId: complaintId,
        complaintId,
        data: {
          clock,
          ...auditedReason(applied.reason),
          budget: applied.budget ?? null,
          at: new Date(applied.at).toISOString(),
        },
      });
      return { event: applied, workflowId: complaint.workflowId };
    });
    let signalled = false;
    if (this.temporal) {
      try {
        await this.temporal.workflow.getHandle(workflowId).signal(clockSignal, { clock, change: event });
        signalled = true;
      } catch {
        // The workflow has ended: the record stands, nothing follows the clock any more.
      }
    }
    return { event, signalled };
  }

  /**
   * Records clock events the workflow applied (stages starting and stopping clocks, and staff changes
   * it echoes back); a repeated delivery records nothing twice. Audited when new.
   */
  async recordFromWorkflow(
    complaintId: string,
    events: { clock: string; change: ClockEvent }[],
  ): Promise<number> {
    if (!events.length) return 0;
    return this.dataSource.transaction(async (m) => {
      const result = await m
        .createQueryBuilder()
        .insert()
        .into(ComplaintClockEvent)
        .values(
          events.map(({ clock, change }) => ({
            complaintId,
            clock,
            kind: change.kind,
            reason: change.reason ?? null,
            budget: change.budget ?? null,
            at: new Date(change.at),
            actor: change.actor ?? 'workflow',
            eventKey: change.id,
          })),
        )
        .orIgnore()
        .returning(['id', 'clock', 'kind', 'eventKey', 'reason'])
        .execute();
      const inserted =
        (result.raw as { clock: string; kind: string; eventKey: string; reason: string | null }[]) ?? [];
      for (const row of inserted)
        await appendAudit(m, {
          actor: 'workflow',
          action: `complaint.clock_${row.kind}`,
          entityType: 'complaint',
          entityId: complaintId,
          complaintId,
          data: { clock: row.clock, eventKey: row.eventKey, reason: row.reason ?? null },
        });
      return inserted.length;
    });
  }

  private async load(m: EntityManager, complaintId: string) {
    const complaint = await m.getRepository(Complaint).findOneBy({ id: complaintId });
    if (!complaint) throw new RegulationRuleError('not_found', 'There is no such complaint.');
    const profile = complaint.jurisdictionProfile
      ? this.settings.profile(complaint.jurisdictionProfile)
      : this.settings.organisationRegime().profile;
    const calendarKey = complaint.calendarKey ?? this.settings.organisationRegime().calendarKey;
    const calendar = await this.calendars
      .workingCalendar(calendarKey, m)
      .catch(() => ({ key: calendarKey, weekend: [0, 6], holidays: [], timeZone: 'UTC' }));
    const rows = await m
      .getRepository(ComplaintClockEvent)
      .find({ where: { complaintId }, order: { at: 'ASC', recordedAt: 'ASC' } });
    return { complaint, profile, calendar, rows };
  }
}
