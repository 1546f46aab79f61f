import type { DataSource } from 'typeorm';
import type { ClockAlert } from '../../workflows/engine/calendar';
import { appendAudit } from '../audit/audit-log';
import type { Config } from '../config/config';
import { Complaint, StaffUser, WorkingCalendarEntity } from '../db/entities';
import { DEFAULT_LOCALE, intlLocale, isLocale, t } from '../i18n';
import type { Outbox } from '../messaging/outbox';

/** The staff group whose members hear of every warning and breach. */
export const SUPERVISORS_GROUP = 'supervisors';

/**
 * Tells staff that a deadline is near (warning) or has passed (breach): an email through the outbox,
 * in each recipient's language, to whoever holds the complaint's open tasks and to every active member
 * of the `supervisors` group; and one audit entry per alert. Safe to repeat (per-recipient keys).
 */
export class ClockAlertService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly config: Pick<Config, 'PUBLIC_URL'>,
  ) {}

  async raise(input: {
    complaintId: string;
    workflowId: string;
    alert: ClockAlert;
  }): Promise<{ notified: string[] }> {
    const { complaintId, workflowId, alert } = input;
    const complaint = await this.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaintId });
    const recipients = await this.recipients(complaintId);
    const timeZone = await this.timeZoneOf(complaint);
    const url = `${this.config.PUBLIC_URL.replace(/\/$/, '')}/staff/complaints/${complaint.id}`;
    for (const user of recipients) {
      const locale = isLocale(user.locale) ? user.locale : DEFAULT_LOCALE;
      const vars = {
        label: alert.label ?? alert.clock,
        trackingCode: complaint.trackingCode,
        subject: complaint.subject,
        dueAt: new Intl.DateTimeFormat(intlLocale(locale), {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone,
        }).format(new Date(alert.dueAt)),
        timeZone,
        url,
      };
      const kind = alert.kind === 'breach' ? 'breach' : 'warning';
      await this.outbox.deliver({
        idempotencyKey: `${workflowId}:${alert.key}:${user.id}`,
        complaintId,
        channel: 'email',
        recipient: user.email,
        template: alert.kind === 'breach' ? 'sla-breached' : 'sla-warning',
        locale,
        templateVersion: 0,
        subject: t(locale, `regulation.alert.${kind}Subject`, vars),
        body: `${t(locale, `regulation.alert.${kind}Body`, vars)}\n\n${t(locale, 'regulation.alert.open', vars)}\n`,
        html: null,
      });
    }
    await this.audit(complaintId, alert, recipients);
    return { notified: recipients.map((r) => r.email) };
  }

  /** Holders of the complaint's open tasks and the supervisors, active ones only, each once. */
  private async recipients(complaintId: string): Promise<StaffUser[]> {
    return this.dataSource
      .getRepository(StaffUser)
      .createQueryBuilder('u')
      .where('u.active')
      .andWhere(
        `(lower(u.email) IN (SELECT lower(h."assignee") FROM "human_task" h WHERE h."complaintId" = :complaintId AND h."status" = 'open' AND h."assignee" IS NOT NULL)
          OR :group = ANY(u.groups))`,
        { complaintId, group: SUPERVISORS_GROUP },
      )
      .orderBy('u.email', 'ASC')
      .getMany();
  }

  private async timeZoneOf(complaint: Complaint): Promise<string> {
    if (!complaint.calendarKey) return 'UTC';
    const calendar = await this.dataSource
      .getRepository(WorkingCalendarEntity)
      .findOneBy({ key: complaint.calendarKey });
    return calendar?.timeZone ?? 'UTC';
  }

  /** One audit entry per alert, even when the activity runs again. */
  private async audit(complaintId: string, alert: ClockAlert, recipients: StaffUser[]): Promise<void> {
    const action = alert.kind === 'breach' ? 'complaint.sla_breached' : 'complaint.sla_warning';
    await this.dataSource.transaction(async (m) => {
      // The audit chain's own lock: no other entry, this one included, is written meanwhile.
      await m.query('SELECT pg_advisory_xact_lock(4242)');
      const [done] = await m.query<unknown[]>(
        `SELECT 1 FROM "audit_event" WHERE "complaintId" = $1 AND "action" = $2 AND "data"->>'key' = $3 LIMIT 1`,
        [complaintId, action, alert.key],
      );
      if (done) return;
      await appendAudit(m, {
        actor: 'workflow',
        action,
        entityType: 'complaint',
        entityId: complaintId,
        complaintId,
        data: {
          key: alert.key,
          clock: alert.clock,
          dueAt: new Date(alert.dueAt).toISOString(),
          notified: recipients.map((r) => r.email),
        },
      });
    });
  }
}
