/**
 * Import a BPMN file drawn in another modeler: the server translates Camunda's attributes that mean
 * the same thing and reports, by element, everything Redress keeps but does not run.
 */
import { api } from '../app/api';
import type { AppContext, ElementProblem } from '../app/context';
import { el } from '../app/dom';
import { problemList } from '../app/problem-list';

interface Translation {
  elementId: string;
  from: string;
  to: string;
  value: string;
}

export async function importFile(app: AppContext, file: File): Promise<void> {
  const result = await api<{ xml: string; report: ElementProblem[]; translated: Translation[] }>(
    'POST',
    '/api/process-definitions/import',
    { xml: await file.text() },
  );
  await app.load(result.xml, null);
  app.status(
    `Imported ${file.name}: ${result.translated.length} attribute(s) translated, ${result.report.length} thing(s) to look at.`,
    'info',
  );
  app.drawer.show(
    `Imported ${file.name}`,
    el('h3', {}, 'Translated to Redress'),
    result.translated.length
      ? el(
          'ul',
          {},
          result.translated.map((t) =>
            el(
              'li',
              {},
              el('code', {}, t.elementId),
              `: ${t.from} → ${t.to} = ${t.value.length > 80 ? `${t.value.slice(0, 80)}…` : t.value}`,
            ),
          ),
        )
      : el('p', {}, 'Nothing to translate.'),
    el('h3', {}, 'Kept in the file, not run by Redress'),
    problemList(app, result.report, 'Nothing: everything in the file is supported.'),
  );
}
