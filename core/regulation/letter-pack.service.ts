import type { DataSource } from 'typeorm';
import { TemplateEditorService } from '../templates-store/template-editor.service';
import { TemplateStore } from '../templates-store/template-store';
import {
  isMessageKind,
  LOCALES,
  TemplateRenderer,
  type Locale,
  type MessageKind,
} from '../../templates/renderer';
import { checkMandatoryClauses, clauseWording } from './letter-pack';
import type { JurisdictionProfile } from './profile.schema';

/** A final-response letter (kind, locale, email part) that lacks mandatory clauses of a profile. */
export interface LetterGap {
  profile: string;
  kind: MessageKind;
  locale: Locale;
  part: 'text' | 'html';
  missing: { key: string; label: string }[];
}

/**
 * Letter packs: the final-response templates as they would be sent now (shipped files with the
 * process owner's latest edits), checked against each profile's mandatory clauses; and installing a
 * profile's standard wording into letters that lack it (as template edits: versioned and audited).
 */
export class LetterPackService {
  private readonly store: TemplateStore;
  private compiled: { renderer: TemplateRenderer; editor: TemplateEditorService } | undefined;

  constructor(
    dataSource: DataSource,
    private readonly given?: TemplateRenderer,
  ) {
    this.store = new TemplateStore(dataSource);
  }

  // Compiling every template takes a moment: only when a letter is first checked.
  private get renderer(): TemplateRenderer {
    return this.tools().renderer;
  }

  private get editor(): TemplateEditorService {
    return this.tools().editor;
  }

  private tools(): { renderer: TemplateRenderer; editor: TemplateEditorService } {
    if (!this.compiled) {
      const renderer = this.given ?? new TemplateRenderer();
      this.compiled = { renderer, editor: new TemplateEditorService(this.store, renderer) };
    }
    return this.compiled;
  }

  /** Every gap of the profile's final-response letters, in every locale, or only of the kinds given. */
  async gaps(profile: JurisdictionProfile, kinds?: readonly string[]): Promise<LetterGap[]> {
    const gaps: LetterGap[] = [];
    for (const kind of profile.letterPack.finalResponseKinds) {
      if (!isMessageKind(kind) || (kinds && !kinds.includes(kind)) || profile.letterPack.clauses.length === 0)
        continue;
      for (const locale of LOCALES) {
        const { overrides } = await this.store.overridesFor(kind, locale);
        const data = this.renderer.sampleData(kind, locale) as unknown as Record<string, unknown>;
        const email = this.renderer.render({ kind, locale, channel: 'email', data, overrides });
        for (const part of ['text', 'html'] as const) {
          const { missing } = checkMandatoryClauses(kind, locale, email[part], profile);
          if (missing.length) gaps.push({ profile: profile.key, kind, locale, part, missing });
        }
      }
    }
    return gaps;
  }

  /**
   * Appends the profile's standard wording of the missing clauses to each letter part that lacks
   * them, saved as the next template version by `actor`. Returns what was changed.
   */
  async install(profile: JurisdictionProfile, actor: string): Promise<LetterGap[]> {
    const gaps = await this.gaps(profile);
    for (const gap of gaps) {
      const clauses = profile.letterPack.clauses.filter((c) => gap.missing.some((m) => m.key === c.key));
      const wording = clauseWording(clauses, gap.locale);
      const { source } = await this.editor.view(gap.kind, gap.locale, gap.part);
      const addition =
        gap.part === 'text'
          ? `\n\n${wording.join('\n\n')}\n`
          : `\n${wording.map((w) => `<p style="margin:0 0 16px;">${escapeTemplateHtml(w)}</p>`).join('\n')}\n`;
      await this.editor.save({
        kind: gap.kind,
        locale: gap.locale,
        part: gap.part,
        source: `${source.replace(/\s+$/, '')}${addition}`,
        comment: `Letter pack ${profile.key}: ${gap.missing.map((m) => m.key).join(', ')}`,
        actor,
      });
    }
    return gaps;
  }
}

/** Literal text for an HTML handlebars template: HTML-escaped, and `{{` kept from being an expression. */
function escapeTemplateHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\{\{/g, '\\{{');
}
