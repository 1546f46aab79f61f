/**
 * Tidying of the plain-text outputs (email subject, text part, SMS). Plain text has no `dir`
 * attribute, so right-to-left lines are marked here rather than in the templates.
 */
import { isRtl, type Locale } from '../core/i18n';

const RLM = '\u200f'; // RIGHT-TO-LEFT MARK

// Each line takes the direction of its first strong character, so a Persian line that starts with a
// Latin name or code would be laid out left to right. A leading RLM keeps it right to left; links and
// lines without letters (`--`) are left alone.
function markRtl(line: string): string {
  return /\p{L}/u.test(line) && !/^https?:\/\//.test(line) ? `${RLM}${line}` : line;
}

/**
 * A plain-text part or SMS as sent: no trailing spaces, at most one blank line in a row, no blank lines
 * around it, and in a right-to-left language each line marked RTL.
 */
export function plainText(text: string, locale: Locale): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd());
  const tidy = lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return isRtl(locale) ? tidy.split('\n').map(markRtl).join('\n') : tidy;
}

/** A subject on one line: newlines from the data or the template must never reach a mail header. */
export function oneLine(text: string, locale: Locale): string {
  return plainText(text.replace(/\s+/g, ' '), locale);
}
