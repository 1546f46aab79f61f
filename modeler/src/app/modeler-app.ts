/**
 * The modeler page: loads the catalogue and the process's versions, opens a version on the canvas and
 * wires the toolbar (deploy, versions, compare, dry run, live view, import, download).
 */
import type Modeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import { showDiff } from '../panels/compare';
import { deploy } from '../panels/deploy';
import { showDryRun } from '../panels/dry-run';
import { importFile } from '../panels/import';
import { showLiveView } from '../panels/live-view';
import { fetchVersions, showVersions } from '../panels/versions';
import { api } from './api';
import { loadCatalogue } from './catalogue';
import type { AppContext, VersionSummary } from './context';
import { createModeler } from './create-modeler';
import { Decorations } from './decorations';
import { el } from './dom';
import { Drawer } from './drawer';

export async function startModelerApp(root: HTMLElement): Promise<AppContext> {
  const key = root.dataset.processKey ?? 'complaint';
  const find = <T extends HTMLElement>(selector: string): T => root.querySelector<T>(selector)!;
  const statusLine = find<HTMLElement>('#m-status');
  const versionSelect = find<HTMLSelectElement>('#m-version');
  const catalogue = await loadCatalogue();
  const modeler: Modeler = createModeler(find('#m-canvas'), find('#m-properties'), catalogue);
  const decorations = new Decorations(
    modeler.get<Canvas>('canvas'),
    modeler.get<Overlays>('overlays'),
    modeler.get<ElementRegistry>('elementRegistry'),
  );
  let versions: VersionSummary[] = [];
  let opened: number | null = null;

  const app: AppContext = {
    key,
    modeler,
    drawer: new Drawer(find('#m-drawer')),
    decorations,
    status(message, kind = 'info') {
      statusLine.textContent = message;
      statusLine.dataset.kind = kind;
    },
    versions: () => versions,
    async refreshVersions() {
      versions = await fetchVersions(key);
      versionSelect.replaceChildren(
        ...versions.map((version) =>
          el(
            'option',
            { value: String(version.version) },
            `v${version.version} · ${new Date(version.deployedAt).toLocaleDateString()} · ${version.deployedByName}`,
          ),
        ),
        el('option', { value: '' }, '(not deployed)'),
      );
      versionSelect.value = opened === null ? '' : String(opened);
    },
    openedVersion: () => opened,
    async open(version) {
      const stored = await api<{ xml: string }>(
        'GET',
        `/api/process-definitions/${encodeURIComponent(key)}/${version}`,
      );
      await app.load(stored.xml, version);
      app.status(`Version ${version} of ${key} is open.`, 'info');
    },
    async load(xml, version) {
      decorations.clearAll();
      await modeler.importXML(xml);
      modeler.get<Canvas>('canvas').zoom('fit-viewport');
      opened = version;
      versionSelect.value = version === null ? '' : String(version);
    },
    focus(elementId) {
      decorations.focus(elementId, modeler.get<Selection>('selection'));
    },
    async xml() {
      const { xml } = await modeler.saveXML({ format: true });
      return xml ?? '';
    },
  };

  // The canvas no longer shows the stored version once it is edited.
  modeler.on('commandStack.changed', () => {
    if (opened !== null) app.status(`Edited from version ${opened} (not deployed yet).`, 'info');
  });

  const guard = (work: () => Promise<void>) => () => {
    work().catch((error: unknown) => app.status((error as Error).message, 'error'));
  };
  const comment = find<HTMLInputElement>('#m-comment');
  find('#m-deploy').addEventListener(
    'click',
    guard(() => deploy(app, comment.value).then(() => void (comment.value = ''))),
  );
  find('#m-versions').addEventListener('click', () => showVersions(app));
  find('#m-dry-run').addEventListener('click', () => showDryRun(app));
  find('#m-live').addEventListener(
    'click',
    guard(() => showLiveView(app, opened ?? versions[0]?.version ?? 1)),
  );
  find('#m-compare').addEventListener(
    'click',
    guard(async () => {
      const to = opened ?? versions[0]?.version ?? 1;
      if (to < 2) app.status('There is only one version: nothing to compare yet.', 'info');
      else await showDiff(app, to - 1, to);
    }),
  );
  find('#m-download').addEventListener(
    'click',
    guard(async () => {
      const link = el('a', {
        href: URL.createObjectURL(new Blob([await app.xml()], { type: 'application/xml' })),
        download: `${key}${opened ? `-v${opened}` : ''}.bpmn`,
      });
      link.click();
      URL.revokeObjectURL(link.href);
    }),
  );
  find<HTMLInputElement>('#m-import').addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) guard(() => importFile(app, file))();
    input.value = '';
  });
  versionSelect.addEventListener(
    'change',
    guard(async () => {
      if (versionSelect.value) await app.open(Number(versionSelect.value));
    }),
  );

  await app.refreshVersions();
  const initial = Number(root.dataset.version) || versions[0]?.version;
  if (initial) await app.open(initial);
  root.dataset.ready = 'true';
  return app;
}
