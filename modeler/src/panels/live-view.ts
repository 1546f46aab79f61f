/**
 * Where the running complaints of a version are now, as a heat map on its diagram (like Camunda
 * Operate): a count on each element linking to the staff list of those complaints, the colour by how
 * crowded it is, red when some of them are overdue.
 */
import { api } from '../app/api';
import type { AppContext } from '../app/context';
import { el, formatWait } from '../app/dom';

interface LiveElement {
  elementId: string;
  count: number;
  avgWaitSeconds: number;
  maxWaitSeconds: number;
  overdue: number;
  complaintsUrl: string;
}
interface LiveView {
  version: number;
  generatedAt: string;
  openComplaints: number;
  elements: LiveElement[];
}

export async function showLiveView(app: AppContext, version: number): Promise<void> {
  const live = await api<LiveView>(
    'GET',
    `/api/process-definitions/${encodeURIComponent(app.key)}/${version}/live`,
  );
  if (app.openedVersion() !== version) await app.open(version);
  app.decorations.clear('live');
  const most = Math.max(1, ...live.elements.map((element) => element.count));
  for (const element of live.elements) {
    const level = Math.min(4, Math.max(1, Math.ceil((element.count / most) * 4)));
    app.decorations.mark('live', element.elementId, `redress-heat-${level}`);
    if (element.overdue > 0) app.decorations.mark('live', element.elementId, 'redress-heat-overdue');
    const title = `${element.count} complaint(s) here · waiting ${formatWait(element.avgWaitSeconds)} on average, ${formatWait(element.maxWaitSeconds)} at most${element.overdue ? ` · ${element.overdue} overdue` : ''}`;
    app.decorations.overlay(
      'live',
      element.elementId,
      el(
        'a',
        {
          class: `redress-live-badge${element.overdue ? ' redress-live-overdue' : ''}`,
          href: element.complaintsUrl,
          title,
          'data-element-id': element.elementId,
        },
        String(element.count),
        element.overdue ? el('span', { class: 'redress-live-overdue-count' }, ` ${element.overdue}⏰`) : null,
      ),
      { bottom: 10, left: -10 },
    );
  }
  app.drawer.show(
    `Live: version ${version}`,
    el(
      'p',
      {},
      `${live.openComplaints} open complaint(s) on this version, as of ${new Date(live.generatedAt).toLocaleTimeString()}.`,
    ),
    live.elements.length === 0
      ? el('p', {}, 'No complaint is waiting anywhere right now.')
      : el(
          'table',
          { class: 'redress-table' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              ...['Element', 'Complaints', 'Average wait', 'Longest wait', 'Overdue'].map((title) =>
                el('th', { scope: 'col' }, title),
              ),
            ),
          ),
          el(
            'tbody',
            {},
            live.elements.map((element) =>
              el(
                'tr',
                {},
                el(
                  'td',
                  {},
                  el(
                    'button',
                    { type: 'button', class: 'redress-link', onclick: () => app.focus(element.elementId) },
                    element.elementId,
                  ),
                ),
                el(
                  'td',
                  { class: 'redress-number' },
                  el('a', { href: element.complaintsUrl }, String(element.count)),
                ),
                el('td', {}, formatWait(element.avgWaitSeconds)),
                el('td', {}, formatWait(element.maxWaitSeconds)),
                el('td', { class: 'redress-number' }, String(element.overdue)),
              ),
            ),
          ),
        ),
    el(
      'button',
      { type: 'button', class: 'redress-button', onclick: () => app.decorations.clear('live') },
      'Hide the heat map',
    ),
  );
}
