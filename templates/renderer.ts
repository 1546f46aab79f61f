/**
 * Renders customer messages (email and SMS) from the handlebars files under this folder, in the
 * customer's language. Pure Node: no database; process-owner edits arrive as `overrides` sources.
 *
 *   const renderer = new TemplateRenderer(); // once per process: reads and compiles every file
 *   renderer.render({ kind: 'acknowledgment', locale: 'fa', channel: 'email', data });
 */
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { DEFAULT_LOCALE, dir, isLocale, type Locale } from '../core/i18n';

export { isRtl } from '../core/i18n';
import {
  TemplateNotFoundError,
  TemplateRenderError,
  TemplateSyntaxError,
  type SourcePosition,
} from './errors';
import {
  createEnvironment,
  renderErrorOf,
  type CompiledTemplate,
  type TemplateEnvironment,
} from './handlebars-env';
import {
  LOCALES,
  MESSAGE_KINDS,
  isMessageKind,
  type MessageChannel,
  type MessageDataByKind,
  type MessageKind,
  type TemplatePart,
} from './message-kinds';
import { sampleData as sampleDataFor } from './sample-data';
import { oneLine, plainText } from './plain-text';
import { countSmsSegments, type SmsSegmentCount } from './sms-segments';
import { loadTemplateFiles, messageKey, messagePath } from './template-files';

export {
  TemplateNotFoundError,
  TemplateRenderError,
  TemplateSyntaxError,
  type SourcePosition,
} from './errors';
export {
  LOCALES,
  MESSAGE_KINDS,
  MESSAGE_VARIABLES,
  TEMPLATE_PARTS,
  isMessageKind,
  isTemplatePart,
  type CommonMessageData,
  type Locale,
  type MessageChannel,
  type MessageDataByKind,
  type MessageKind,
  type MessageVariables,
  type OutcomeKey,
  type RemedyKey,
  type StageKey,
  type TemplatePart,
} from './message-kinds';
export { sampleData } from './sample-data';
export { countSmsSegments, type SmsSegmentCount } from './sms-segments';

/** Replacement sources for some parts of one message (a process owner's edited, versioned template). */
export type TemplateOverrides = Partial<Record<TemplatePart, string>>;

/**
 * What to render. `data` holds the variables listed in `MESSAGE_VARIABLES[kind]`; the renderer sets
 * `locale` and `dir` itself (and `subject` and `body` for the layouts), replacing values of those names.
 */
export interface RenderInput {
  kind: MessageKind;
  locale: Locale;
  channel: MessageChannel;
  data: Record<string, unknown>;
  overrides?: TemplateOverrides;
}

/** A rendered email: a one-line subject, a complete HTML document and its plain-text alternative. */
export interface RenderedEmail {
  channel: 'email';
  subject: string;
  html: string;
  text: string;
}

/** A rendered SMS with its encoding, length and the number of segments it will be billed as. */
export interface RenderedSms extends SmsSegmentCount {
  channel: 'sms';
  text: string;
}

/** What {@link TemplateRenderer.render} returns, depending on the channel. */
export type RenderedMessage = RenderedEmail | RenderedSms;

/** One kind × locale that has templates, and the channels they cover. */
export interface TemplateListing {
  kind: MessageKind;
  locale: Locale;
  channels: MessageChannel[];
}

/** Why a template source was rejected, for the editor to show next to the source. */
export interface TemplateIssue extends SourcePosition {
  /** `syntax`: it does not compile; `render`: it compiles but fails on the sample data. */
  kind: 'syntax' | 'render';
  message: string;
  /** The missing variable, when that is the reason. */
  variable?: string;
}

/** The outcome of {@link TemplateRenderer.validateSource}. */
export type SourceValidation = { ok: true; output: string } | { ok: false; error: TemplateIssue };

/** Where the template files are, and how many compiled overrides to keep. */
export interface TemplateRendererOptions {
  /** Folder holding `messages/`, `layouts/` and `partials/`; defaults to this module's folder. */
  directory?: string;
  /** How many compiled override sources to keep (least recently used are dropped); default 500. */
  overrideCacheSize?: number;
}

const CHANNEL_PARTS: Record<MessageChannel, readonly TemplatePart[]> = {
  email: ['subject', 'html', 'text'],
  sms: ['sms'],
};

// The root context: the caller's data without null/undefined values (so that strict mode reports them
// as missing), plus the locale and direction every helper and layout reads.
function rootData(data: Record<string, unknown>, locale: Locale): Record<string, unknown> {
  const present = Object.entries(data).filter(
    ([key, value]) => value !== undefined && value !== null && key !== '__proto__',
  );
  return { ...Object.fromEntries(present), locale, dir: dir(locale) };
}

/**
 * Renders customer messages. Build one per process: the constructor reads and compiles every template
 * file (throwing {@link TemplateSyntaxError} for a broken one) so that errors surface at start-up.
 */
export class TemplateRenderer {
  private readonly html: TemplateEnvironment;
  private readonly text: TemplateEnvironment;
  private readonly templates = new Map<string, CompiledTemplate>();
  private readonly layouts: { email: CompiledTemplate; text: CompiledTemplate };
  private readonly overrideCache = new Map<string, CompiledTemplate>();
  private readonly overrideCacheSize: number;

  constructor(options: TemplateRendererOptions = {}) {
    const files = loadTemplateFiles(options.directory ?? __dirname);
    this.overrideCacheSize = options.overrideCacheSize ?? 500;
    this.html = createEnvironment('html', files.partials);
    this.text = createEnvironment('text', files.partials);
    for (const file of files.messages) {
      this.templates.set(
        messageKey(file.kind, file.locale, file.part),
        this.environment(file.part).compile(file.source, file.path),
      );
    }
    this.layouts = {
      email: this.html.compile(files.layouts.email, 'layouts/email.hbs'),
      text: this.text.compile(files.layouts.text, 'layouts/text.hbs'),
    };
  }

  /**
   * Renders one message. Throws {@link TemplateNotFoundError} for an unknown kind, locale or channel or
   * a missing file, {@link TemplateSyntaxError} for an override that does not compile, and
   * {@link TemplateRenderError} when a variable is missing or a helper rejects a value.
   */
  render(input: RenderInput & { channel: 'email' }): RenderedEmail;
  render(input: RenderInput & { channel: 'sms' }): RenderedSms;
  render(input: RenderInput): RenderedMessage;
  render(input: RenderInput): RenderedMessage {
    const { kind, locale, channel, overrides = {} } = input;
    if (!isMessageKind(kind) || !isLocale(locale) || !Object.hasOwn(CHANNEL_PARTS, channel)) {
      throw new TemplateNotFoundError(
        `messages/${String(kind)}/${String(locale)} for channel ${String(channel)}`,
      );
    }
    const data = rootData(input.data, locale);
    const part = (name: TemplatePart): string => this.renderPart(kind, locale, name, overrides[name], data);

    if (channel === 'sms') {
      const text = plainText(part('sms'), locale);
      return { channel, text, ...countSmsSegments(text) };
    }
    const subject = oneLine(part('subject'), locale);
    // The body template has already escaped every value it printed. SafeString tells the layout's
    // `{{body}}` not to escape that HTML a second time; nothing else reaches the layout unescaped.
    const body = new Handlebars.SafeString(part('html'));
    const html = this.run(this.layouts.email, 'layouts/email.hbs', { ...data, subject, body });
    const text = this.run(this.layouts.text, 'layouts/text.hbs', { ...data, subject, body: part('text') });
    return { channel, subject, html, text: plainText(text, locale) };
  }

  /**
   * Compiles `source` as the given part (default `html`: the body, without the layout) and renders it
   * against `sampleData` in `locale`. For the template editor's live preview and for deploy-time
   * checks; to preview a whole email, call {@link render} with the source as an override.
   */
  validateSource(
    source: string,
    sampleData: Record<string, unknown>,
    options: { part?: TemplatePart; locale?: Locale } = {},
  ): SourceValidation {
    const part = options.part ?? 'html';
    const locale = options.locale ?? DEFAULT_LOCALE;
    const name = `${part} source`;
    try {
      const output = this.run(this.compileOverride(part, source, name), name, rootData(sampleData, locale));
      if (part === 'html') return { ok: true, output };
      return { ok: true, output: part === 'subject' ? oneLine(output, locale) : plainText(output, locale) };
    } catch (error) {
      if (error instanceof TemplateSyntaxError) {
        return { ok: false, error: { kind: 'syntax', message: error.reason, ...error.position } };
      }
      if (error instanceof TemplateRenderError) {
        const variable = error.variable === undefined ? {} : { variable: error.variable };
        return {
          ok: false,
          error: { kind: 'render', message: error.reason, ...variable, ...error.position },
        };
      }
      throw error;
    }
  }

  /** Every kind × locale that has templates, with the channels it can be sent on. */
  list(): TemplateListing[] {
    return MESSAGE_KINDS.flatMap((kind) =>
      LOCALES.map((locale) => ({
        kind,
        locale,
        channels: (Object.keys(CHANNEL_PARTS) as MessageChannel[]).filter((channel) =>
          CHANNEL_PARTS[channel].every((part) => this.templates.has(messageKey(kind, locale, part))),
        ),
      })),
    ).filter((listing) => listing.channels.length > 0);
  }

  /** Realistic data for `kind` (staff text in `locale`), for previews; see `sampleData`. */
  sampleData<K extends MessageKind>(kind: K, locale?: Locale): MessageDataByKind[K] {
    return sampleDataFor(kind, locale);
  }

  private environment(part: TemplatePart): TemplateEnvironment {
    return part === 'html' ? this.html : this.text;
  }

  private renderPart(
    kind: MessageKind,
    locale: Locale,
    part: TemplatePart,
    override: string | undefined,
    data: Record<string, unknown>,
  ): string {
    const path = messagePath(kind, locale, part);
    if (override !== undefined) {
      const name = `override of ${path}`;
      return this.run(this.compileOverride(part, override, name), name, data);
    }
    const template = this.templates.get(messageKey(kind, locale, part));
    if (!template) throw new TemplateNotFoundError(path);
    return this.run(template, path, data);
  }

  // Overrides are compiled on first use and cached by a hash of their source, per escaping mode.
  private compileOverride(part: TemplatePart, source: string, name: string): CompiledTemplate {
    const environment = this.environment(part);
    const key = `${environment.mode}:${createHash('sha256').update(source).digest('hex')}`;
    const cached = this.overrideCache.get(key);
    if (cached) {
      this.overrideCache.delete(key); // re-insert: Map order is the LRU order
      this.overrideCache.set(key, cached);
      return cached;
    }
    const compiled = environment.compile(source, name);
    this.overrideCache.set(key, compiled);
    if (this.overrideCache.size > this.overrideCacheSize) {
      const oldest = this.overrideCache.keys().next().value;
      if (oldest !== undefined) this.overrideCache.delete(oldest);
    }
    return compiled;
  }

  private run(template: CompiledTemplate, name: string, data: object): string {
    try {
      return template(data);
    } catch (error) {
      throw renderErrorOf(name, error);
    }
  }
}
