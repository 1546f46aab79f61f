/** Move running complaints to a newer version where the elements they are on still exist. */
import { api } from '../app/api';
import type { AppContext } from '../app/context';
import { el } from '../app/dom';

interface Candidate {
  complaintId: string;
  trackingCode: string;
  activeElements: string[];
  reasons: string[];
}
interface Preview {
  from: number;
  to: number;
  movable: Candidate[];
  blocked: Candidate[];
}
interface Outcome extends Preview {
  migrated: string[];
  failed: { complaintId: string; trackingCode: string; reason: string }[];
}

const path = (app: AppContext, tail: string): string =>
  `/api/process-definitions/${encodeURIComponent(app.key)}/migrate${tail}`;

export async function showMigration(app: AppContext, from: number, to: number): Promise<void> {
  const preview = await api<Preview>('POST', path(app, '/preview'), { from, to });
  const list = (candidates: Candidate[], withReasons: boolean): HTMLElement =>
    el(
      'ul',
      {},
      candidates.map((candidate) =>
        el(
          'li',
          {},
          el('code', {}, candidate.trackingCode),
          ` at ${candidate.activeElements.join(', ') || '—'}`,
          withReasons
            ? el(
                'ul',
                {},
                candidate.reasons.map((reason) => el('li', {}, reason)),
              )
            : null,
        ),
      ),
    );
  const perform = el(
    'button',
    {
      type: 'button',
      class: 'redress-button redress-button-primary',
      onclick: async () => {
        perform.setAttribute('disabled', '');
        const outcome = await api<Outcome>('POST', path(app, ''), { from, to });
        await app.refreshVersions();
        app.drawer.show(
          `Moved ${outcome.migrated.length} complaint(s) from v${from} to v${to}`,
          outcome.failed.length
            ? el(
                'div',
                {},
                el('p', {}, `${outcome.failed.length} could not be moved:`),
                el(
                  'ul',
                  {},
                  outcome.failed.map((f) => el('li', {}, el('code', {}, f.trackingCode), `: ${f.reason}`)),
                ),
              )
            : el('p', {}, 'Every movable complaint now continues on the new version.'),
        );
      },
    },
    `Move ${preview.movable.length} complaint(s) to v${to}`,
  );
  app.drawer.show(
    `Move running complaints v${from} → v${to}`,
    el('h3', {}, `${preview.movable.length} can move`),
    list(preview.movable, false),
    el('h3', {}, `${preview.blocked.length} cannot move`),
    list(preview.blocked, true),
    preview.movable.length ? perform : el('p', {}, 'Nothing to move.'),
  );
}
