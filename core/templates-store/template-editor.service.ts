import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  TEMPLATE_PARTS,
  TemplateNotFoundError,
  TemplateRenderError,
  TemplateSyntaxError,
  type Locale,
  type MessageChannel,
  type MessageKind,
  type TemplatePart,
  type TemplateRenderer,
} from '../../templates/renderer';
import { messagePath } from '../../templates/template-files';
import type { TemplateVersion } from '../db/entities';
import type { TemplateEdit, TemplateStore } from './template-store';

const SHIPPED_DIR = path.resolve(__dirname, '../../templates');

/** Why an edited source was refused, in terms the editor can show next to the text. */
export interface TemplateProblem {
  /** `syntax`: it does not compile; `render`: it fails on the sample data (e.g. an unknown variable). */
  kind: 'syntax' | 'render' | 'missing' | 'clause';
  message: string;
  line?: number;
  column?: number;
  /** Set when the problem is inside a shared partial rather than in the edited text. */
  partial?: string;
  variable?: string;
}

/** Thrown by preview and save when the source is broken; nothing is stored. */
export class TemplateRejectedError extends Error {
  constructor(readonly problem: TemplateProblem) {
    super(problem.message);
    this.name = 'TemplateRejectedError';
  }
}

/** A rendered preview on the sample data: a whole email, or an SMS with its segment count. */
export type TemplatePreview =
  | { channel: 'email'; subject: string; html: string; text: string }
  | { channel: 'sms'; text: string; encoding: string; length: number; segments: number };

/** One part as the editor shows it: the text in force, the shipped text and the history. */
export interface TemplatePartView {
  kind: MessageKind;
  locale: Locale;
  part: TemplatePart;
  /** The text in force: the latest edit of this part, or the shipped file. */
  source: string;
  shippedSource: string | null;
  /** The version of (kind, locale) this part's text belongs to; 0 = shipped. */
  partVersion: number;
  /** The latest version of (kind, locale): the base for optimistic concurrency on save. */
  setVersion: number;
  history: Pick<TemplateVersion, 'version' | 'part' | 'editedBy' | 'editedAt' | 'comment'>[];
}

/** One message (kind × locale) in the editor's list. */
export interface TemplateCatalogueEntry {
  kind: MessageKind;
  locale: Locale;
  channels: MessageChannel[];
  version: number;
}

const channelOf = (part: TemplatePart): MessageChannel => (part === 'sms' ? 'sms' : 'email');

/**
 * The rules of template editing: an edit is rendered on the kind's sample data before it is accepted
 * (a syntax error or a variable the data does not have is refused with the reason), then stored as a
 * new version that overrides the shipped file from the next message on.
 */
export class TemplateEditorService {
  constructor(
    private readonly store: TemplateStore,
    private readonly renderer: TemplateRenderer,
    private readonly shippedDir: string = SHIPPED_DIR,
    /**
     * Letter packs: the mandatory clauses a final-response letter still lacks (empty when complete
     * or not a final response). A preview or save of such a letter is refused, naming them.
     */
    private readonly missingClauses?: (kind: MessageKind, locale: Locale, renderedText: string) => string[],
  ) {}

  /** The text shipped with Redress for this part, or null if there is none. */
  shippedSource(kind: MessageKind, locale: Locale, part: TemplatePart): string | null {
    const file = path.join(this.shippedDir, messagePath(kind, locale, part));
    return existsSync(file) ? readFileSync(file, 'utf8') : null;
  }

  /** Every message with templates and its latest version number. */
  async catalogue(): Promise<TemplateCatalogueEntry[]> {
    const versions = await this.store.latestVersions();
    return this.renderer.list().map((l) => ({ ...l, version: versions.get(`${l.kind}/${l.locale}`) ?? 0 }));
  }

  /** The part as the editor opens it. */
  async view(kind: MessageKind, locale: Locale, part: TemplatePart): Promise<TemplatePartView> {
    const [set, history] = await Promise.all([
      this.store.overridesFor(kind, locale),
      this.store.history(kind, locale),
    ]);
    const shippedSource = this.shippedSource(kind, locale, part);
    const own = history.find((h) => h.part === part);
    return {
      kind,
      locale,
      part,
      source: set.overrides[part] ?? shippedSource ?? '',
      shippedSource,
      partVersion: own?.version ?? 0,
      setVersion: set.version,
      history: history
        .filter((h) => h.part === part)
        .map(({ version, part: p, editedBy, editedAt, comment }) => ({
          version,
          part: p,
          editedBy,
          editedAt,
          comment,
        })),
    };
  }

  /** The text of one earlier version of a part, or null when that version did not change this part. */
  async versionSource(
    kind: MessageKind,
    locale: Locale,
    part: TemplatePart,
    version: number,
  ): Promise<string | null> {
    return (await this.store.find(kind, locale, part, version))?.source ?? null;
  }

  /**
   * Renders the message with `source` in place of `part` (and the other parts as they are now) on the
   * sample data. Throws {@link TemplateRejectedError} with the reason when the source is broken.
   */
  async preview(
    kind: MessageKind,
    locale: Locale,
    part: TemplatePart,
    source: string,
  ): Promise<TemplatePreview> {
    const data = this.renderer.sampleData(kind, locale) as unknown as Record<string, unknown>;
    // The part alone first: its line and column are then positions in the text being edited.
    const alone = this.renderer.validateSource(source, data, { part, locale });
    if (!alone.ok) throw new TemplateRejectedError({ ...alone.error });
    const { overrides } = await this.store.overridesFor(kind, locale);
    try {
      const rendered = this.renderer.render({
        kind,
        locale,
        channel: channelOf(part),
        data,
        overrides: { ...overrides, [part]: source },
      });
      if (rendered.channel === 'sms') {
        return {
          channel: 'sms',
          text: rendered.text,
          encoding: rendered.encoding,
          length: rendered.length,
          segments: rendered.segments,
        };
      }
      // Both parts reach customers (HTML and plain-text readers), so both must carry every clause.
      const missing = this.missingClauses
        ? [
            ...new Set([
              ...this.missingClauses(kind, locale, rendered.text),
              ...this.missingClauses(kind, locale, visibleText(rendered.html)),
            ]),
          ]
        : [];
      if (missing.length)
        throw new TemplateRejectedError({
          kind: 'clause',
          message: `This final response must contain the mandatory clauses: ${missing.join('; ')}.`,
        });
      return { channel: 'email', subject: rendered.subject, html: rendered.html, text: rendered.text };
    } catch (err) {
      if (err instanceof TemplateRejectedError) throw err;
      throw new TemplateRejectedError(problemOf(err));
    }
  }

  /** Validates (as {@link preview}) and stores the edit as the next version. */
  async save(edit: TemplateEdit): Promise<TemplateVersion> {
    await this.preview(edit.kind, edit.locale, edit.part, edit.source);
    return this.store.save(edit);
  }
}

/** The words an HTML email shows, for clause checks (tags dropped, the entities Handlebars writes decoded). */
function visibleText(html: string): string {
  return html
    .replace(/<(style|head)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&amp;/g, '&');
}

function problemOf(err: unknown): TemplateProblem {
  if (err instanceof TemplateSyntaxError) return { kind: 'syntax', message: err.message, ...err.position };
  if (err instanceof TemplateRenderError) {
    return {
      kind: 'render',
      message: err.message,
      ...err.position,
      ...(err.variable ? { variable: err.variable } : {}),
    };
  }
  if (err instanceof TemplateNotFoundError) return { kind: 'missing', message: err.message };
  throw err;
}

/** Whether a value names a template part. */
export function isTemplatePartName(value: string): value is TemplatePart {
  return (TEMPLATE_PARTS as readonly string[]).includes(value);
}
