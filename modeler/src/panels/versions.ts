/**
 * The deployed versions of the process: who deployed each and when, the comment, how many complaints
 * still run on it; open, download, compare, watch live, and move running complaints to a newer version.
 */
import { api } from '../app/api';
import type { AppContext, VersionSummary } from '../app/context';
import { el } from '../app/dom';
import { showDiff } from './compare';
import { showLiveView } from './live-view';
import { showMigration } from './migration';

export function showVersions(app: AppContext): void {
  const versions = app.versions();
  const latest = versions[0]?.version;
  const rows = versions.map((version) =>
    el(
      'tr',
      { 'data-version': String(version.version) },
      el(
        'td',
        {},
        `v${version.version}`,
        version.version === app.openedVersion() ? el('span', { class: 'redress-tag' }, 'open') : null,
      ),
      el('td', {}, version.deployedByName),
      el(
        'td',
        {},
        el('time', { datetime: version.deployedAt }, new Date(version.deployedAt).toLocaleString()),
      ),
      el('td', {}, version.comment ?? ''),
      el('td', { class: 'redress-number' }, String(version.openComplaints)),
      el(
        'td',
        { class: 'redress-actions' },
        el(
          'button',
          { type: 'button', class: 'redress-button', onclick: () => void app.open(version.version) },
          'Open',
        ),
        el(
          'a',
          {
            class: 'redress-button',
            href: downloadUrl(app.key, version.version),
            download: `${app.key}-v${version.version}.bpmn`,
          },
          'XML',
        ),
        el(
          'button',
          { type: 'button', class: 'redress-button', onclick: () => void showLiveView(app, version.version) },
          'Live',
        ),
        version.version > 1
          ? el(
              'button',
              {
                type: 'button',
                class: 'redress-button',
                onclick: () => void showDiff(app, version.version - 1, version.version),
              },
              `Diff v${version.version - 1}`,
            )
          : null,
        latest !== undefined && version.version !== latest && version.openComplaints > 0
          ? el(
              'button',
              {
                type: 'button',
                class: 'redress-button',
                onclick: () => void showMigration(app, version.version, latest),
              },
              `Move to v${latest}…`,
            )
          : null,
      ),
    ),
  );
  app.drawer.show(
    `Versions of ${app.key}`,
    el(
      'table',
      { class: 'redress-table' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...['Version', 'Deployed by', 'When', 'Comment', 'Open complaints', ''].map((title) =>
            el('th', { scope: 'col' }, title),
          ),
        ),
      ),
      el('tbody', {}, rows),
    ),
  );
}

/** The stored XML of a version (served as a download). */
export function downloadUrl(key: string, version: number): string {
  return `/api/process-definitions/${encodeURIComponent(key)}/${version}/xml`;
}

/** Re-reads the list from the server. */
export async function fetchVersions(key: string): Promise<VersionSummary[]> {
  return api('GET', `/api/process-definitions/${encodeURIComponent(key)}/versions`);
}
