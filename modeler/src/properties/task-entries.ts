/**
 * The "Redress task" group of service and send tasks: the task type (from the types the worker runs),
 * its parameters — a template picker listing the real templates, the channels, the webhook URL, the
 * stage — and the result variable.
 */
import {
  isSelectEntryEdited,
  isTextFieldEntryEdited,
  SelectEntry,
  TextFieldEntry,
} from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { useService } from 'bpmn-js-properties-panel';
import type { Element } from 'bpmn-js/lib/model/Types';
import { isFeel } from '../../../core/bpmn/extensions';
import { STAGES } from '../../../core/bpmn/stages';
import { KNOWN_TASK_TYPES, NOTIFY_CHANNELS, paramsOfTaskType } from '../../../core/bpmn/task-types';
import { templateKinds, type Catalogue } from '../app/catalogue';
import {
  paramsOf,
  redressAttribute,
  setParam,
  setRedressAttribute,
  type ModelServices,
} from './model-access';

/** One entry of a properties group. */
export interface PanelEntry {
  id: string;
  element: Element;
  component: (props: { element: Element; id: string }) => unknown;
  isEdited?: (node: HTMLElement) => boolean;
}

type Option = { value: string; label: string };

const useModelServices = (): ModelServices => ({
  bpmnFactory: useService('bpmnFactory'),
  commandStack: useService('commandStack'),
});

/** Options with the current value kept even when it is not one of them (a FEEL expression, a typo). */
function withCurrent(options: Option[], current: string): Option[] {
  if (current === '' || options.some((option) => option.value === current)) return options;
  return [
    ...options,
    { value: current, label: isFeel(current) ? `${current} (expression)` : `${current} (unknown)` },
  ];
}

function TaskTypeEntry({ element, id }: { element: Element; id: string }): unknown {
  const services = useModelServices();
  return h(SelectEntry, {
    element,
    id,
    label: 'Task type',
    description: 'What the system does here; the worker runs exactly these types.',
    getValue: () => redressAttribute(element, 'taskType'),
    setValue: (value: string) => setRedressAttribute(services, element, 'taskType', value),
    getOptions: () =>
      withCurrent(
        [
          { value: '', label: '(choose a task type)' },
          ...KNOWN_TASK_TYPES.map((type) => ({ value: type, label: type })),
        ],
        redressAttribute(element, 'taskType'),
      ),
  });
}

function ResultVariableEntry({ element, id }: { element: Element; id: string }): unknown {
  const services = useModelServices();
  return h(TextFieldEntry, {
    element,
    id,
    label: 'Result variable',
    description: 'Store the result under this name (leave empty to merge it into the variables).',
    debounce: useService('debounceInput'),
    getValue: () => redressAttribute(element, 'resultVariable'),
    setValue: (value: string | undefined) => setRedressAttribute(services, element, 'resultVariable', value),
    validate: (value: string | undefined) =>
      value && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)
        ? 'Use letters, digits and _ only, not starting with a digit.'
        : null,
  });
}

/** A select-style parameter (template, channels, stage). */
function paramSelect(
  name: string,
  label: string,
  description: string,
  options: (catalogue: Catalogue) => Option[],
) {
  return function ParamSelectEntry({ element, id }: { element: Element; id: string }): unknown {
    const services = useModelServices();
    const catalogue = useService<Catalogue>('config.redressCatalogue');
    return h(SelectEntry, {
      element,
      id,
      label,
      description,
      getValue: () => paramsOf(element).get(name) ?? '',
      setValue: (value: string) => setParam(services, element, name, value),
      getOptions: () => withCurrent(options(catalogue), paramsOf(element).get(name) ?? ''),
    });
  };
}

const TemplateEntry = paramSelect(
  'template',
  'Message template',
  'The message sent to the customer, in their language.',
  (catalogue) => [
    { value: '', label: '(choose a template)' },
    ...templateKinds(catalogue.templates).map(({ kind, locales, channels }) => ({
      value: kind,
      label: `${kind} — ${locales.join(', ')} · ${channels.join('+')}`,
    })),
  ],
);

const ChannelsEntry = paramSelect(
  'channels',
  'Channels',
  'Email, SMS or both; a channel the customer gave no address for is skipped.',
  () => [
    { value: '', label: 'email and sms (default)' },
    { value: NOTIFY_CHANNELS.join(','), label: 'email and sms' },
    ...NOTIFY_CHANNELS.map((channel) => ({ value: channel, label: `${channel} only` })),
  ],
);

const StageParamEntry = paramSelect('stage', 'Stage', 'The customer-visible stage to set.', () => [
  { value: '', label: '(choose a stage)' },
  ...STAGES.map((stage) => ({ value: stage, label: stage })),
]);

/** A free-text parameter; `validate` for the URL. */
function paramText(name: string, label: string, validate?: (value: string) => string | null) {
  return function ParamTextEntry({ element, id }: { element: Element; id: string }): unknown {
    const services = useModelServices();
    return h(TextFieldEntry, {
      element,
      id,
      label,
      description: 'A value, or =FEEL over the process variables.',
      debounce: useService('debounceInput'),
      getValue: () => paramsOf(element).get(name) ?? '',
      setValue: (value: string | undefined) => setParam(services, element, name, value),
      validate: (value: string | undefined) => (value && !isFeel(value) && validate ? validate(value) : null),
    });
  };
}

function validUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? null : 'Use an http or https URL.';
  } catch {
    return 'Not a URL.';
  }
}

// Components are cached by parameter: a new function on every render would remount the field (and lose focus).
const genericEntries = new Map<string, (props: { element: Element; id: string }) => unknown>();
function genericParamEntry(name: string): (props: { element: Element; id: string }) => unknown {
  let entry = genericEntries.get(name);
  if (!entry) genericEntries.set(name, (entry = paramText(name, `Parameter "${name}"`)));
  return entry;
}

const DEDICATED: Record<string, (props: { element: Element; id: string }) => unknown> = {
  template: TemplateEntry,
  channels: ChannelsEntry,
  stage: StageParamEntry,
  url: paramText('url', 'Webhook URL', validUrl),
};

/** Entries of the "Redress task" group for a service or send task. */
export function taskEntries(element: Element): PanelEntry[] {
  const type = redressAttribute(element, 'taskType');
  const known = paramsOfTaskType(type);
  // The type's own parameters first, then any other parameter the model already has.
  const names = [
    ...new Set([...(known?.required ?? []), ...(known?.optional ?? []), ...paramsOf(element).keys()]),
  ];
  return [
    { id: 'redress-taskType', element, component: TaskTypeEntry, isEdited: isSelectEntryEdited },
    ...names.map((name) => ({
      id: `redress-param-${name}`,
      element,
      component: DEDICATED[name] ?? genericParamEntry(name),
      isEdited: DEDICATED[name] && name !== 'url' ? isSelectEntryEdited : isTextFieldEntryEdited,
    })),
    {
      id: 'redress-resultVariable',
      element,
      component: ResultVariableEntry,
      isEdited: isTextFieldEntryEdited,
    },
  ];
}
