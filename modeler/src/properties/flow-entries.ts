/**
 * The customer-visible stage of any flow node, and the FEEL condition of a flow leaving an exclusive or
 * inclusive gateway — checked as you type with the deploy's own FEEL checker (feelin's parser), the
 * problem shown under the field.
 */
import {
  isSelectEntryEdited,
  isTextAreaEntryEdited,
  SelectEntry,
  TextAreaEntry,
} from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { useService } from 'bpmn-js-properties-panel';
import type { Element } from 'bpmn-js/lib/model/Types';
import { checkFeel } from '../../../core/bpmn/feel-check';
import { STAGES } from '../../../core/bpmn/stages';
import {
  businessObjectOf,
  redressAttribute,
  setRedressAttribute,
  type ModdleObject,
  type ModelServices,
} from './model-access';
import type { PanelEntry } from './task-entries';

function StageEntry({ element, id }: { element: Element; id: string }): unknown {
  const services: ModelServices = {
    bpmnFactory: useService('bpmnFactory'),
    commandStack: useService('commandStack'),
  };
  return h(SelectEntry, {
    element,
    id,
    label: 'Customer-visible stage',
    description:
      'Entering this element moves the complaint to this stage; the customer is told by a notify task.',
    getValue: () => redressAttribute(element, 'stage'),
    setValue: (value: string) => setRedressAttribute(services, element, 'stage', value),
    getOptions: () => {
      const current = redressAttribute(element, 'stage');
      const options = [
        { value: '', label: '(no change)' },
        ...STAGES.map((stage) => ({ value: stage, label: stage })),
      ];
      return current && !(STAGES as readonly string[]).includes(current)
        ? [...options, { value: current, label: `${current} (unknown)` }]
        : options;
    },
  });
}

/** The condition's FEEL text ('' when the flow has none). */
function conditionOf(element: Element): string {
  const expression = businessObjectOf(element).get('conditionExpression') as ModdleObject | undefined;
  const body = expression?.get('body');
  return typeof body === 'string' ? body : '';
}

/** What is wrong with a condition, in the deploy's words; null when it is fine (or empty). */
export function conditionProblem(value: string | undefined): string | null {
  const text = (value ?? '').trim();
  if (text === '') return null;
  const body = text.startsWith('=') ? text.slice(1).trim() : text;
  return checkFeel(body)[0] ?? null;
}

function ConditionEntry({ element, id }: { element: Element; id: string }): unknown {
  const modeling = useService<{
    updateProperties(element: Element, properties: Record<string, unknown>): void;
    updateModdleProperties(
      element: Element,
      moddleElement: ModdleObject,
      properties: Record<string, unknown>,
    ): void;
  }>('modeling');
  const bpmnFactory = useService<ModelServices['bpmnFactory']>('bpmnFactory');
  return h(TextAreaEntry, {
    element,
    id,
    label: 'Condition (FEEL)',
    description:
      'Taken when true, e.g. remedyAmount > approvalLimit or severity = "high". Empty: no condition.',
    debounce: useService('debounceInput'),
    monospace: true,
    getValue: () => conditionOf(element),
    setValue: (value: string | undefined) => {
      const existing = businessObjectOf(element).get('conditionExpression') as ModdleObject | undefined;
      if (!value || value.trim() === '')
        modeling.updateProperties(element, { conditionExpression: undefined });
      else if (existing) modeling.updateModdleProperties(element, existing, { body: value });
      else
        modeling.updateProperties(element, {
          conditionExpression: bpmnFactory.create('bpmn:FormalExpression', { body: value }),
        });
    },
    validate: conditionProblem,
  });
}

/** The stage entry, for every flow node. */
export function stageEntries(element: Element): PanelEntry[] {
  return [{ id: 'redress-stage', element, component: StageEntry, isEdited: isSelectEntryEdited }];
}

/** The condition entry, for a flow leaving an exclusive or inclusive gateway. */
export function conditionEntries(element: Element): PanelEntry[] {
  return [{ id: 'redress-condition', element, component: ConditionEntry, isEdited: isTextAreaEntryEdited }];
}
