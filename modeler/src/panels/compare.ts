/** Compare two deployed versions: elements added, removed and changed, and which attributes changed. */
import { api } from '../app/api';
import type { AppContext } from '../app/context';
import { el } from '../app/dom';

interface DiffItem {
  id: string;
  kind: string;
  name?: string;
}
interface ChangedItem extends DiffItem {
  changes: { attribute: string; from: unknown; to: unknown }[];
}
interface Part {
  added: DiffItem[];
  removed: DiffItem[];
  changed: ChangedItem[];
}
interface Diff {
  from: number;
  to: number;
  process: { attribute: string; from: unknown; to: unknown }[];
  elements: Part;
  flows: Part;
}

const show = (value: unknown): string =>
  value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

export async function showDiff(app: AppContext, from: number, to: number): Promise<void> {
  const diff = await api<Diff>(
    'GET',
    `/api/process-definitions/${encodeURIComponent(app.key)}/diff?from=${from}&to=${to}`,
  );
  // Drawn on the newer version: open it if another one is on the canvas.
  if (app.openedVersion() !== to) await app.open(to);
  app.decorations.clear('diff');
  for (const part of [diff.elements, diff.flows]) {
    for (const item of part.added) app.decorations.mark('diff', item.id, 'redress-diff-added');
    for (const item of part.changed) app.decorations.mark('diff', item.id, 'redress-diff-changed');
  }
  const label = (item: DiffItem): Node =>
    app.decorations.has(item.id)
      ? el(
          'button',
          { type: 'button', class: 'redress-link', onclick: () => app.focus(item.id) },
          item.name ? `${item.name} (${item.id})` : item.id,
        )
      : document.createTextNode(item.name ? `${item.name} (${item.id})` : item.id);
  const section = (title: string, part: Part): HTMLElement =>
    el(
      'section',
      {},
      el('h3', {}, title),
      el(
        'ul',
        { class: 'redress-diff' },
        part.added.map((item) =>
          el('li', { class: 'redress-diff-added' }, '+ added ', label(item), ` · ${item.kind}`),
        ),
        part.removed.map((item) =>
          el('li', { class: 'redress-diff-removed' }, '− removed ', label(item), ` · ${item.kind}`),
        ),
        part.changed.map((item) =>
          el(
            'li',
            { class: 'redress-diff-changed' },
            '~ changed ',
            label(item),
            el(
              'ul',
              {},
              item.changes.map((change) =>
                el('li', {}, el('code', {}, change.attribute), `: ${show(change.from)} → ${show(change.to)}`),
              ),
            ),
          ),
        ),
      ),
    );
  const nothing =
    [diff.elements, diff.flows].every(
      (part) => part.added.length + part.removed.length + part.changed.length === 0,
    ) && diff.process.length === 0;
  app.drawer.show(
    `v${from} → v${to}`,
    nothing
      ? el('p', {}, 'The two versions run the same graph.')
      : el('div', {}, section('Elements', diff.elements), section('Sequence flows', diff.flows)),
    diff.process.length
      ? el(
          'p',
          {},
          'Process: ',
          diff.process
            .map((change) => `${change.attribute} ${show(change.from)} → ${show(change.to)}`)
            .join('; '),
        )
      : '',
  );
}
