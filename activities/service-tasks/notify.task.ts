import { ApplicationFailure } from '@temporalio/activity';
import { Complaint, OutboundMessage } from '../../core/db/entities';
import { skippedReason, wantsChannel } from '../../core/messaging/contact-preference';
import { signLink } from '../../core/security/signed-link';
import { TemplateStore } from '../../core/templates-store/template-store';
import type { ServiceTaskContext, ServiceTaskHandler } from './context';
import { str } from './context';

type Channel = 'email' | 'sms';

/** Template data: everything any message kind may refer to, drawn from the complaint and the process variables. */
export function messageData(ctx: ServiceTaskContext): Record<string, unknown> {
  const { complaint, customer, variables, deps } = ctx;
  const base = deps.config.PUBLIC_URL.replace(/\/$/, '');
  const trackingUrl = `${base}/track/${encodeURIComponent(complaint.trackingCode)}`;
  const sla = (variables.sla ?? {}) as Record<string, unknown>;
  const survey = (variables.survey ?? {}) as Record<string, unknown>;
  return {
    locale: customer.locale,
    organisationName: deps.config.ORGANISATION_NAME,
    customerName: customer.name,
    trackingCode: complaint.trackingCode,
    trackingUrl,
    subject: complaint.subject,
    stage: complaint.stage,
    expectedDate:
      str(variables.expectedResolutionDate) ??
      str(sla.expectedResolutionDate) ??
      new Date(Date.now() + 15 * 86_400_000).toISOString(),
    newExpectedDate: str(variables.newExpectedDate) ?? new Date(Date.now() + 7 * 86_400_000).toISOString(),
    question: str(variables.infoRequestQuestion) ?? '',
    answerUrl: `${trackingUrl}#reply`,
    response: str(variables.response) ?? '',
    remedy: str(variables.remedyType) ?? '',
    remedyAmount: variables.remedyAmount ?? null,
    surveyUrl:
      str(survey.url) ?? `${base}/survey/${signLink(deps.secret, 'survey', complaint.id, ctx.waitId)}`,
    outcome: str(variables.outcome) ?? '',
  };
}

async function deliver(
  ctx: ServiceTaskContext,
  channel: Channel,
  template: string,
): Promise<'sent' | 'skipped'> {
  const { customer, complaint, deps } = ctx;
  const recipient = channel === 'email' ? customer.email : customer.phone;
  if (!recipient) return 'skipped'; // the customer gave no address for this channel
  const locale = customer.locale;
  // One step's message on one channel: a retried activity finds the row it already wrote.
  const idempotencyKey = `${ctx.workflowId}:${ctx.waitId}:${channel}`;
  if (!wantsChannel(complaint.contactPreference, channel)) {
    // The customer gave this address but asked to hear from us another way: not sent, and the
    // outbox says so (staff see it on the complaint) instead of the message silently missing.
    await deps.dataSource
      .getRepository(OutboundMessage)
      .createQueryBuilder()
      .insert()
      .values({
        idempotencyKey,
        complaintId: complaint.id,
        channel,
        recipient,
        template,
        locale,
        subject: null,
        body: '',
        html: null,
        status: 'skipped',
        lastError: skippedReason(complaint.contactPreference),
      })
      .orIgnore()
      .execute();
    return 'skipped';
  }
  const data = messageData(ctx);
  // A process owner's latest edits of this message replace the shipped files; the outbox row
  // records which version of the texts was used.
  const { version: templateVersion, overrides } = await new TemplateStore(deps.dataSource).overridesFor(
    template,
    locale,
  );
  // Rendering errors (missing template or variable) are configuration errors: no point retrying.
  let rendered;
  try {
    rendered = deps.renderer.render({
      kind: template as never,
      locale: locale as never,
      channel,
      data,
      overrides,
    });
  } catch (err) {
    throw ApplicationFailure.nonRetryable(
      `Template "${template}" (${locale}, ${channel}) failed: ${(err as Error).message}`,
      'TemplateError',
    );
  }
  await deps.outbox.deliver({
    idempotencyKey,
    complaintId: complaint.id,
    channel,
    recipient,
    template,
    locale,
    templateVersion,
    subject: rendered.channel === 'email' ? rendered.subject : null,
    body: rendered.text,
    html: rendered.channel === 'email' ? rendered.html : null,
  });
  return 'sent';
}

function channelsOf(value: unknown, fallback: Channel[]): Channel[] {
  const list =
    str(value)
      ?.split(',')
      .map((c) => c.trim()) ?? fallback;
  return list.filter((c): c is Channel => c === 'email' || c === 'sms');
}

/** Records milestones the reports need (first acknowledgment, resolution sent). */
async function markMilestone(ctx: ServiceTaskContext, template: string): Promise<void> {
  const repo = ctx.deps.dataSource.getRepository(Complaint);
  if (template === 'acknowledgment' && !ctx.complaint.acknowledgedAt)
    await repo.update({ id: ctx.complaint.id }, { acknowledgedAt: new Date() });
  if (template === 'resolution') await repo.update({ id: ctx.complaint.id }, { resolvedAt: new Date() });
}

const notifyOn =
  (fixed?: Channel): ServiceTaskHandler =>
  async (ctx) => {
    const template = str(ctx.params.template);
    if (!template)
      throw ApplicationFailure.nonRetryable('notify needs a "template" parameter', 'ConfigurationError');
    const channels = fixed ? [fixed] : channelsOf(ctx.params.channels, ['email', 'sms']);
    const results: Record<string, string> = {};
    for (const channel of channels) results[channel] = await deliver(ctx, channel, template);
    await markMilestone(ctx, template);
    return { lastNotification: { template, ...results } };
  };

export const notify = notifyOn();
export const sendEmail = notifyOn('email');
export const sendSms = notifyOn('sms');
