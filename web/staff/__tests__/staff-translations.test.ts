import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CHANNELS, ROLES } from '../../../core/db/entities';
import { SUPPORTED_LOCALES, translateStrict } from '../../../core/i18n';
import { PAUSE_REASONS } from '../../../core/regulation/clock.service';
import { DUE_FILTERS, INBOX_SORTS } from '../../../core/tasks/inbox.service';
import { CLOCK_EVENT_KINDS } from '../../../workflows/engine/calendar';

const VIEWS = path.resolve(__dirname, '../../views/staff');
const CODE = path.resolve(__dirname, '..');

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === '__tests__' ? [] : files(full, ext);
    return e.name.endsWith(ext) ? [full] : [];
  });
}

/** Every key the staff views and controllers name literally, plus the families they build from values. */
function usedKeys(): string[] {
  const keys = new Set<string>();
  for (const file of [
    ...files(VIEWS, '.hbs'),
    path.resolve(__dirname, '../../views/partials/staff/flash.hbs'),
  ]) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\{\{t "([\w.-]+)"/g)) keys.add(m[1]!);
  }
  for (const file of files(CODE, '.ts')) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bt\([^,()]*(?:\([^)]*\))?, '([\w.-]+)'/g))
      keys.add(m[1]!);
  }
  const family = (prefix: string, values: readonly string[]): void =>
    values.forEach((v) => keys.add(`${prefix}.${v}`));
  family('staff.channel', CHANNELS);
  family('staff.role', ROLES);
  family('staff.delivery', ['queued', 'sending', 'sent', 'failed']);
  family('staff.messageChannel', ['email', 'sms']);
  family('staff.priority', ['low', 'normal', 'high', 'urgent']);
  family('staff.inboxPage.scope', ['mine', 'all']);
  family('staff.inboxPage.assigned', ['any', 'me', 'unassigned', 'others']);
  family('staff.inboxPage.due', DUE_FILTERS);
  family('staff.inboxPage.sort', INBOX_SORTS);
  family('staff.complaints.status', ['any', 'open', 'closed']);
  family('staff.clocks.phase', ['notStarted', 'running', 'paused', 'stopped']);
  family('staff.clocks.reason', PAUSE_REASONS);
  family('staff.clocks.done', ['pause', 'resume']);
  family('staff.timeline.clock', CLOCK_EVENT_KINDS);
  family('staff.timeline', ['slaWarning', 'slaBreached']);
  return [...keys].sort();
}

describe('staff workspace translations', () => {
  it('should have a text in every language for every key the staff pages use', () => {
    // given the keys named by the views and controllers
    const keys = usedKeys();
    expect(keys.length).toBeGreaterThan(150);
    // then each one translates in each locale (no raw key ever reaches the page)
    const missing = SUPPORTED_LOCALES.flatMap((locale) =>
      keys.flatMap((key) => {
        try {
          translateStrict(locale, key, { count: 1 });
          return [];
        } catch {
          return [`${locale}:${key}`];
        }
      }),
    );
    expect(missing).toEqual([]);
  });
});
