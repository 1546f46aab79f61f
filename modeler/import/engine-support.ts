/**
 * What of an imported file's BPMN the engine will not run, by element id: flow nodes outside the
 * supported subset (in the words of the deploy's own rule), processes other than the one a deploy
 * would pick, and message flows (drawn only: Redress receives messages by name).
 */
import type { Definitions, ModdleElement } from '../../core/bpmn/moddle-types';
import { supportedElements } from '../../core/bpmn/rules/supported-elements';
import { isScope } from '../../core/bpmn/scope-graph';
import { selectProcess } from '../../core/bpmn/select-process';
import type { ImportFinding } from './camunda-import';
import { walk, type AnyElement } from './moddle-walk';

/** Findings about the BPMN itself; vendor extensions are handled by the caller. */
export function reportEngineSupport(root: AnyElement): ImportFinding[] {
  const definitions = root as unknown as Definitions;
  const findings: ImportFinding[] = [];
  const selection = selectProcess(definitions);
  if ('problem' in selection) findings.push(selection.problem);
  const chosen = 'process' in selection ? selection.process : undefined;
  const rule = supportedElements.create({});
  const reporter = { report: (elementId: string, message: string) => findings.push({ elementId, message }) };

  for (const process of (definitions.rootElements ?? []).filter((element) =>
    element.$instanceOf('bpmn:Process'),
  )) {
    if (chosen && process !== chosen) {
      findings.push({
        elementId: process.id ?? '',
        message: `process ${process.id ?? ''} is not the one Redress would deploy (${chosen.id ?? ''}): it is kept for the diagram only`,
      });
    }
    for (const node of flowElementsOf(process)) rule.check(node, reporter);
  }
  walk(root, (element) => {
    if (element.$instanceOf?.('bpmn:MessageFlow') && element.id) {
      findings.push({
        elementId: element.id,
        message: 'message flows are drawn only: Redress receives messages by name at message catch events',
      });
    }
  });
  return findings;
}

function flowElementsOf(scope: ModdleElement): ModdleElement[] {
  if (!isScope(scope)) return [];
  return (scope.flowElements ?? []).flatMap((element) => [element, ...flowElementsOf(element)]);
}
