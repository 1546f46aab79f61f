/** Namespaces of engines whose task attributes Redress translates where they mean the same thing. */
export const CAMUNDA7_LIKE: Readonly<Record<string, string>> = {
  'http://camunda.org/schema/1.0/bpmn': 'Camunda 7',
  'http://activiti.org/bpmn': 'Activiti',
  'http://flowable.org/bpmn': 'Flowable',
};

/** Camunda 8's namespace. */
export const ZEEBE = 'http://camunda.org/schema/zeebe/1.0';

/** Redress's own namespace (see core/bpmn/redress.moddle.json). */
export const REDRESS = 'http://redress.dev/schema/bpmn/1.0';

/**
 * Namespaces that only carry presentation or tool metadata (colours, the exporting tool's version,
 * schema locations): kept in the file and not worth a line in the import report.
 */
export const PRESENTATION_ONLY = new Set([
  'http://www.omg.org/spec/BPMN/non-normative/color/1.0',
  'http://bpmn.io/schema/bpmn/biocolor/1.0',
  'http://camunda.org/schema/modeler/1.0',
  'http://www.w3.org/2001/XMLSchema-instance',
  'http://www.w3.org/XML/1998/namespace',
  'http://www.omg.org/spec/BPMN/20100524/MODEL',
  'http://www.omg.org/spec/BPMN/20100524/DI',
  'http://www.omg.org/spec/DD/20100524/DC',
  'http://www.omg.org/spec/DD/20100524/DI',
]);

/** The engine a namespace belongs to, for report messages; undefined for other tools' namespaces. */
export function engineOf(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  if (uri === ZEEBE) return 'Camunda 8';
  return CAMUNDA7_LIKE[uri];
}
