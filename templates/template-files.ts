import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLocale, type Locale } from '../core/i18n';
import { TemplateNotFoundError } from './errors';
import { isMessageKind, isTemplatePart, type MessageKind, type TemplatePart } from './message-kinds';

/** One `messages/<kind>/<locale>/<part>.hbs` file. */
export interface MessageFile {
  kind: MessageKind;
  locale: Locale;
  part: TemplatePart;
  /** Relative to the templates folder, for error messages. */
  path: string;
  source: string;
}

/** The sources of every template file, read once at start-up. */
export interface TemplateFiles {
  messages: MessageFile[];
  layouts: { email: string; text: string };
  /** Partial name (file name without `.hbs`) → source. */
  partials: Map<string, string>;
}

/** Key of one message template: `acknowledgment/fa/html`. */
export function messageKey(kind: MessageKind, locale: Locale, part: TemplatePart): string {
  return `${kind}/${locale}/${part}`;
}

/** Path of a message template relative to the templates folder, as used in error messages. */
export function messagePath(kind: string, locale: string, part: string): string {
  return `messages/${kind}/${locale}/${part}.hbs`;
}

function hbsFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.hbs'))
    .map((entry) => entry.name);
}

function subfolders(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

function read(directory: string, relative: string): string {
  const path = join(directory, relative);
  if (!existsSync(path)) throw new TemplateNotFoundError(relative);
  return readFileSync(path, 'utf8');
}

/**
 * Reads `messages/<kind>/<locale>/<part>.hbs`, `layouts/{email,text}.hbs` and `partials/*.hbs` under
 * `directory`. A folder or file named after no known kind, locale or part is an error (a typo would
 * otherwise silently fall back to nothing); a missing layout is a {@link TemplateNotFoundError}.
 */
export function loadTemplateFiles(directory: string): TemplateFiles {
  const messages: MessageFile[] = [];
  const messagesDir = join(directory, 'messages');
  for (const kind of subfolders(messagesDir)) {
    if (!isMessageKind(kind)) throw new Error(`Unknown message kind folder messages/${kind}`);
    for (const locale of subfolders(join(messagesDir, kind))) {
      if (!isLocale(locale)) throw new Error(`Unknown locale folder messages/${kind}/${locale}`);
      for (const file of hbsFiles(join(messagesDir, kind, locale))) {
        const part = file.slice(0, -'.hbs'.length);
        const path = messagePath(kind, locale, part);
        if (!isTemplatePart(part)) throw new Error(`Unknown template part ${path}`);
        messages.push({ kind, locale, part, path, source: read(directory, path) });
      }
    }
  }
  const partials = new Map(
    hbsFiles(join(directory, 'partials')).map((file) => [
      file.slice(0, -'.hbs'.length),
      read(directory, `partials/${file}`),
    ]),
  );
  const layouts = { email: read(directory, 'layouts/email.hbs'), text: read(directory, 'layouts/text.hbs') };
  return { messages, layouts, partials };
}
