/**
 * Stand-ins for the service tasks during a dry run: each returns a plausible result of the real task
 * (classify → category and department, createSurvey → a link…) and says what it WOULD have sent,
 * rendered with the real templates, without sending, storing or calling anything.
 */
import { isLocale, type Locale } from '../../core/i18n';
import { isMessageKind, type MessageChannel, type TemplateRenderer } from '../../templates/renderer';

/** A message the dry run would have sent. `error` says why the real task would fail on it. */
export interface WouldSendMessage {
  elementId: string;
  template: string;
  channel: MessageChannel;
  locale: string;
  recipient: string | null;
  subject?: string;
  text?: string;
  error?: string;
}

/** A webhook the dry run would have called. */
export interface WouldCallWebhook {
  elementId: string;
  url: string;
}

/** What one simulated service task produced. */
export interface SimulatedTask {
  result: Record<string, unknown> | null;
  messages: WouldSendMessage[];
  webhooks: WouldCallWebhook[];
}

/** One service task as the engine asked for it. */
export interface SimulatedTaskInput {
  elementId: string;
  taskType: string;
  params: Record<string, unknown>;
  variables: Record<string, unknown>;
  stage: string | undefined;
}

/** What the stand-ins need to render messages as the real ones would. */
export interface DryRunTaskDeps {
  renderer: TemplateRenderer;
  publicUrl: string;
  organisationName: string;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;
const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** Simulates one service task; never throws (a failure the real task would have shows up as a message error). */
export function simulateServiceTask(input: SimulatedTaskInput, deps: DryRunTaskDeps): SimulatedTask {
  const { params, variables } = input;
  const none: SimulatedTask = { result: null, messages: [], webhooks: [] };
  switch (input.taskType) {
    case 'notify':
    case 'sendEmail':
    case 'sendSms': {
      const fixed: MessageChannel | undefined =
        input.taskType === 'sendEmail' ? 'email' : input.taskType === 'sendSms' ? 'sms' : undefined;
      const channels = fixed ? [fixed] : channelsOf(params.channels);
      const template = text(params.template) ?? '';
      const messages = channels.map((channel) => wouldSend(input, template, channel, deps));
      return {
        ...none,
        messages,
        result: { lastNotification: { template, ...Object.fromEntries(channels.map((c) => [c, 'sent'])) } },
      };
    }
    case 'classify': {
      const category = text(variables.category) ?? 'product';
      const severity = text(variables.severity) ?? (category === 'safety' ? 'high' : 'low');
      return {
        ...none,
        result: {
          category,
          severity,
          priority: severity === 'high' ? 'urgent' : 'normal',
          department: text(variables.department) ?? (category === 'safety' ? 'safety' : 'quality'),
          type: text(variables.type) ?? 'complaint',
        },
      };
    }
    case 'setStage':
      return { ...none, result: { stage: text(params.stage) ?? input.stage ?? null } };
    case 'assign':
      return {
        ...none,
        result: {
          department:
            text(params.group) ?? text(params.department) ?? text(variables.department) ?? 'quality',
          assignee: text(params.assignee) ?? null,
        },
      };
    case 'createSurvey':
      return {
        ...none,
        result: { survey: { token: 'dry-run', url: `${deps.publicUrl.replace(/\/$/, '')}/survey/dry-run` } },
      };
    case 'recordOutcome':
      return { ...none, result: { outcome: text(params.outcome) ?? text(variables.outcome) ?? 'resolved' } };
    case 'escalate': {
      const level = text(params.level) ?? 'breach';
      if (level === 'reopen') {
        return {
          ...none,
          result: {
            reopenCount: Number(params.reopenCount ?? variables.reopenCount ?? 0) + 1,
            escalationLevel: level,
          },
        };
      }
      const reminders = Number(variables.reminders ?? 0) + (level === 'reminder' ? 1 : 0);
      return { ...none, result: { escalated: level === 'breach', escalationLevel: level, reminders } };
    }
    case 'callWebhook':
      return {
        ...none,
        result: { webhookStatus: 200 },
        webhooks: [{ elementId: input.elementId, url: text(params.url) ?? '' }],
      };
    default:
      return none;
  }
}

function channelsOf(value: unknown): MessageChannel[] {
  const list = text(value)
    ?.split(',')
    .map((channel) => channel.trim()) ?? ['email', 'sms'];
  return list.filter((channel): channel is MessageChannel => channel === 'email' || channel === 'sms');
}

/** Renders the message the real notify task would send, or says why it could not. */
function wouldSend(
  input: SimulatedTaskInput,
  template: string,
  channel: MessageChannel,
  deps: DryRunTaskDeps,
): WouldSendMessage {
  const customer = record(input.variables.customer);
  const locale: Locale = isLocale(customer.locale) ? customer.locale : 'en';
  const recipient = text(channel === 'email' ? customer.email : customer.phone) ?? null;
  const base = { elementId: input.elementId, template, channel, locale, recipient };
  if (!isMessageKind(template)) return { ...base, error: `there is no message template "${template}"` };
  const data: Record<string, unknown> = {
    ...deps.renderer.sampleData(template, locale),
    organisationName: deps.organisationName,
    trackingUrl: `${deps.publicUrl.replace(/\/$/, '')}/track/${encodeURIComponent(String(input.variables.trackingCode ?? 'RD-DRY-RUN'))}`,
    trackingCode: text(input.variables.trackingCode) ?? 'RD-DRY-RUN',
  };
  // What the real notify task takes from the process variables (activities/service-tasks/notify.task.ts);
  // the template's sample data fills in whatever this test complaint does not have.
  const variables = input.variables;
  const fromVariables: Record<string, unknown> = {
    customerName: text(customer.name),
    stage: template === 'stage-changed' ? input.stage : undefined,
    expectedDate:
      text(variables.expectedResolutionDate) ?? text(record(variables.sla).expectedResolutionDate),
    newExpectedDate: text(variables.newExpectedDate),
    question: text(variables.infoRequestQuestion),
    response: text(variables.response),
    remedy: text(variables.remedyType),
    outcome: text(variables.outcome),
    surveyUrl: text(record(variables.survey).url),
  };
  for (const [key, value] of Object.entries(fromVariables)) if (value !== undefined) data[key] = value;
  try {
    const rendered = deps.renderer.render({ kind: template, locale, channel, data });
    return rendered.channel === 'email'
      ? { ...base, subject: rendered.subject, text: rendered.text }
      : { ...base, text: rendered.text };
  } catch (error) {
    return { ...base, error: (error as Error).message };
  }
}
