import { SUPPORTED_LOCALES, type Locale } from '../core/i18n';

/** Every kind of message Redress sends a customer; each has a template folder under `messages/`. */
export const MESSAGE_KINDS = [
  'acknowledgment',
  'stage-changed',
  'info-request',
  'resolution',
  'survey-invitation',
  'survey-reminder',
  'closure',
  'sla-apology',
] as const;

/** A kind of customer message. */
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** The customer languages templates exist for (the same list as the web pages). */
export const LOCALES = SUPPORTED_LOCALES;
export type { Locale };

/** How a message is delivered. */
export type MessageChannel = 'email' | 'sms';

/** The template files of one kind and locale: an email uses subject, html and text; an SMS uses sms. */
export const TEMPLATE_PARTS = ['subject', 'html', 'text', 'sms'] as const;
export type TemplatePart = (typeof TEMPLATE_PARTS)[number];

/** Customer-visible stages; `stage-changed` translates them with `stage.<key>` from core/i18n. */
export type StageKey =
  'received' | 'acknowledged' | 'triage' | 'investigation' | 'approval' | 'resolution' | 'survey' | 'closed';

/** How a complaint ended; `closure` translates it with `outcome.<key>` from core/i18n. */
export type OutcomeKey =
  | 'resolved'
  | 'partially-resolved'
  | 'not-upheld'
  | 'withdrawn'
  | 'resolved-dissatisfied'
  | 'resolved-no-survey-answer';

/** Kinds of remedy; `resolution` translates them with `remedy.<key>` from core/i18n. */
export type RemedyKey = 'refund' | 'replacement' | 'repair' | 'discount' | 'apology' | 'compensation';

// A known key, or any other text (shown as written): `string & {}` keeps the keys in autocompletion.
type KeyOrText<K extends string> = K | (string & {});

/**
 * Variables every message kind receives. Dates are ISO 8601 strings: a date alone (`2026-04-02`) is
 * shown as that calendar day; a date-time is shown in `timeZone`. URLs are absolute http(s) links.
 */
export type CommonMessageData = {
  /** Name of the organisation handling the complaint, shown in the header, signature and SMS. */
  organisationName: string;
  /** The complaint's public tracking code. */
  trackingCode: string;
  /** Page where the customer follows the complaint. */
  trackingUrl: string;
  /** Absent for anonymous complaints: the greeting then has no name. */
  customerName?: string;
  /** IANA time zone for date-times (default UTC); irrelevant for plain dates. */
  timeZone?: string;
};

/** The data each message kind needs, on top of {@link CommonMessageData}. */
export interface MessageDataByKind {
  acknowledgment: CommonMessageData & { expectedDate: string };
  'stage-changed': CommonMessageData & { stage: StageKey };
  'info-request': CommonMessageData & { question: string; answerUrl: string; answerBy?: string };
  /** `remedy`: a {@link RemedyKey} (translated) or free text from staff in the customer's language. */
  resolution: CommonMessageData & { response: string; remedy?: KeyOrText<RemedyKey> };
  'survey-invitation': CommonMessageData & { surveyUrl: string; surveyClosesOn?: string };
  'survey-reminder': CommonMessageData & { surveyUrl: string; surveyClosesOn?: string };
  /** `outcome`: an {@link OutcomeKey} (translated) or text of the process owner's choosing. */
  closure: CommonMessageData & { outcome: KeyOrText<OutcomeKey> };
  'sla-apology': CommonMessageData & { newExpectedDate: string };
}

/** Names of the variables a kind's templates use, for the template editor and for tests. */
export interface MessageVariables {
  required: readonly string[];
  optional: readonly string[];
}

const COMMON_REQUIRED = ['organisationName', 'trackingCode', 'trackingUrl'] as const;
const COMMON_OPTIONAL = ['customerName', 'timeZone'] as const;

function variables(required: readonly string[], optional: readonly string[] = []): MessageVariables {
  return { required: [...COMMON_REQUIRED, ...required], optional: [...COMMON_OPTIONAL, ...optional] };
}

/**
 * The variables of each kind, the runtime twin of {@link MessageDataByKind}. A required variable that
 * is missing (or null) makes `render` throw a TemplateRenderError naming it; optional ones may be left out.
 */
export const MESSAGE_VARIABLES: Readonly<Record<MessageKind, MessageVariables>> = {
  acknowledgment: variables(['expectedDate']),
  'stage-changed': variables(['stage']),
  'info-request': variables(['question', 'answerUrl'], ['answerBy']),
  resolution: variables(['response'], ['remedy']),
  'survey-invitation': variables(['surveyUrl'], ['surveyClosesOn']),
  'survey-reminder': variables(['surveyUrl'], ['surveyClosesOn']),
  closure: variables(['outcome']),
  'sla-apology': variables(['newExpectedDate']),
};

/** Whether a value is one of {@link TEMPLATE_PARTS}. */
export function isTemplatePart(value: unknown): value is TemplatePart {
  return typeof value === 'string' && (TEMPLATE_PARTS as readonly string[]).includes(value);
}

/** Whether a value is one of {@link MESSAGE_KINDS}. */
export function isMessageKind(value: unknown): value is MessageKind {
  return typeof value === 'string' && (MESSAGE_KINDS as readonly string[]).includes(value);
}
