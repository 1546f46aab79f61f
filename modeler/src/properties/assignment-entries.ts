/**
 * The "Redress assignment" group of user tasks: candidate groups (picked from the real staff groups,
 * or a FEEL expression), assignee, due duration (`redress:dueIn`, the task's SLA) and the task's form.
 */
import { isTextFieldEntryEdited, TextFieldEntry } from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { useService } from 'bpmn-js-properties-panel';
import type { Element } from 'bpmn-js/lib/model/Types';
import { feelBody, isFeel } from '../../../core/bpmn/extensions';
import { checkFeel } from '../../../core/bpmn/feel-check';
import type { Catalogue } from '../app/catalogue';
import { validateDueIn } from './due-in';
import { openFormEditor } from './form-editor-dialog';
import {
  formBodyOf,
  redressAttribute,
  setFormBody,
  setRedressAttribute,
  type ModelServices,
} from './model-access';
import type { PanelEntry } from './task-entries';

const useModelServices = (): ModelServices => ({
  bpmnFactory: useService('bpmnFactory'),
  commandStack: useService('commandStack'),
});

/** The first problem of a `=FEEL` value, as the deploy would word it. */
const feelProblem = (value: string): string | null =>
  isFeel(value) ? (checkFeel(feelBody(value))[0] ?? null) : null;

const groupsOf = (value: string): string[] =>
  value
    .split(',')
    .map((group) => group.trim())
    .filter(Boolean);

/** Check boxes for the known groups, plus the raw value (a comma list or =FEEL) as text. */
function CandidateGroupsEntry({ element, id }: { element: Element; id: string }): unknown {
  const services = useModelServices();
  const catalogue = useService<Catalogue>('config.redressCatalogue');
  const value = redressAttribute(element, 'candidateGroups');
  const expression = isFeel(value);
  const chosen = expression ? [] : groupsOf(value);
  const toggle = (key: string, on: boolean): void => {
    const next = on ? [...chosen, key] : chosen.filter((group) => group !== key);
    setRedressAttribute(services, element, 'candidateGroups', next.join(','));
  };
  return h('div', { class: 'bio-properties-panel-entry redress-groups', 'data-entry-id': id }, [
    h('span', { class: 'bio-properties-panel-label' }, 'Candidate groups'),
    h(
      'div',
      { class: 'redress-groups-choices', role: 'group', 'aria-label': 'Candidate groups' },
      catalogue.groups.map((group) =>
        h('label', { class: 'redress-groups-choice', key: group.key }, [
          h('input', {
            type: 'checkbox',
            name: `${id}-${group.key}`,
            value: group.key,
            checked: chosen.includes(group.key),
            disabled: expression,
            onChange: (event: Event) => toggle(group.key, (event.target as HTMLInputElement).checked),
          }),
          ` ${group.name} `,
          h('code', {}, group.key),
        ]),
      ),
    ),
    h(TextFieldEntry, {
      element,
      id: `${id}-value`,
      label: 'Groups (comma list) or =FEEL',
      debounce: useService('debounceInput'),
      getValue: () => redressAttribute(element, 'candidateGroups'),
      setValue: (next: string | undefined) => setRedressAttribute(services, element, 'candidateGroups', next),
      validate: (next: string | undefined) => (next ? feelProblem(next) : null),
    }),
  ]);
}

function textAttribute(
  name: string,
  label: string,
  description: string,
  validate: (value: string) => string | null,
) {
  return function AttributeEntry({ element, id }: { element: Element; id: string }): unknown {
    const services = useModelServices();
    return h(TextFieldEntry, {
      element,
      id,
      label,
      description,
      debounce: useService('debounceInput'),
      getValue: () => redressAttribute(element, name),
      setValue: (value: string | undefined) => setRedressAttribute(services, element, name, value),
      validate: (value: string | undefined) => (value ? validate(value) : null),
    });
  };
}

const AssigneeEntry = textAttribute(
  'assignee',
  'Assignee',
  'A user name, or =FEEL; leave empty to offer the task to the groups.',
  (value) => feelProblem(value),
);

const DueInEntry = textAttribute(
  'dueIn',
  'Due in (SLA)',
  'How long staff have once the task opens: an ISO 8601 duration (P3D, PT8H), business days on the ' +
    "complaint's calendar (P15BD), a clock's moment (clock:finalResponse-P5BD), or =FEEL.",
  validateDueIn,
);

/** Shows what the form holds and opens the form designer. */
function FormEntry({ element, id }: { element: Element; id: string }): unknown {
  const services = useModelServices();
  const body = formBodyOf(element);
  let summary = 'No form: the task is completed with a button.';
  if (body !== undefined) {
    try {
      const fields = ((JSON.parse(body) as { components?: { key?: string }[] }).components ?? []).filter(
        (c) => c.key,
      );
      summary = `${fields.length} field${fields.length === 1 ? '' : 's'}: ${fields.map((c) => c.key).join(', ')}`;
    } catch {
      summary = 'The form is not valid JSON: open the designer to fix it.';
    }
  }
  return h('div', { class: 'bio-properties-panel-entry redress-form-entry', 'data-entry-id': id }, [
    h('span', { class: 'bio-properties-panel-label' }, 'Form'),
    h('p', { class: 'redress-form-summary' }, summary),
    h(
      'button',
      {
        type: 'button',
        class: 'redress-button',
        onClick: () => void openFormEditor(body, (next) => setFormBody(services, element, next)),
      },
      body === undefined ? 'Design a form…' : 'Edit the form…',
    ),
    body === undefined
      ? null
      : h(
          'button',
          {
            type: 'button',
            class: 'redress-button redress-button-quiet',
            onClick: () => setFormBody(services, element, undefined),
          },
          'Remove form',
        ),
  ]);
}

/** Entries of the "Redress assignment" group for a user task. */
export function assignmentEntries(element: Element): PanelEntry[] {
  return [
    {
      id: 'redress-candidateGroups',
      element,
      component: CandidateGroupsEntry,
      isEdited: () => redressAttribute(element, 'candidateGroups') !== '',
    },
    { id: 'redress-assignee', element, component: AssigneeEntry, isEdited: isTextFieldEntryEdited },
    { id: 'redress-dueIn', element, component: DueInEntry, isEdited: isTextFieldEntryEdited },
    { id: 'redress-form', element, component: FormEntry, isEdited: () => formBodyOf(element) !== undefined },
  ];
}
