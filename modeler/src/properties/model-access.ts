/**
 * Reading and writing Redress's extension on a diagram element through bpmn-js commands, so every
 * change is undoable and re-linted. Attributes are `redress:*` on the element; parameters live in
 * `extensionElements > redress:params > redress:param`, the form in `extensionElements > redress:form`.
 */
import type { Element } from 'bpmn-js/lib/model/Types';

/** A moddle object as this module uses it. */
export interface ModdleObject {
  $type: string;
  $parent?: ModdleObject;
  id?: string;
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  [property: string]: unknown;
}

/** The services the writers need (resolved from the modeler's injector). */
export interface ModelServices {
  bpmnFactory: { create(type: string, attrs?: Record<string, unknown>): ModdleObject };
  commandStack: { execute(command: string, context: unknown): void };
}

interface UpdateCommand {
  cmd: 'element.updateModdleProperties';
  context: { element: Element; moddleElement: ModdleObject; properties: Record<string, unknown> };
}

export const businessObjectOf = (element: Element): ModdleObject => element.businessObject as ModdleObject;

/** `redress:<name>` of the element, '' when unset. */
export function redressAttribute(element: Element, name: string): string {
  const value = businessObjectOf(element).get(`redress:${name}`);
  return typeof value === 'string' ? value : '';
}

/** Sets (or, given '' / undefined, removes) `redress:<name>`. */
export function setRedressAttribute(
  services: ModelServices,
  element: Element,
  name: string,
  value: string | undefined,
): void {
  const trimmed = value === undefined || value.trim() === '' ? undefined : value;
  execute(services, [update(element, businessObjectOf(element), { [`redress:${name}`]: trimmed })]);
}

function extensionValues(element: Element): ModdleObject[] {
  const extensions = businessObjectOf(element).get('extensionElements') as ModdleObject | undefined;
  return (extensions?.get('values') as ModdleObject[] | undefined) ?? [];
}

/** The `redress:param` entries of a task, as name → value (the first wins, as in the deploy). */
export function paramsOf(element: Element): Map<string, string> {
  const params = new Map<string, string>();
  for (const container of extensionValues(element).filter((value) => value.$type === 'redress:Params')) {
    for (const param of (container.get('params') as ModdleObject[] | undefined) ?? []) {
      const name = String(param.get('name') ?? '');
      if (name && !params.has(name)) params.set(name, String(param.get('value') ?? ''));
    }
  }
  return params;
}

/** Sets parameter `name`; '' or undefined removes it (creating the containers on first use). */
export function setParam(
  services: ModelServices,
  element: Element,
  name: string,
  value: string | undefined,
): void {
  if ((value === undefined || value.trim() === '') && !paramsOf(element).has(name)) return;
  const commands: UpdateCommand[] = [];
  const container = ensureExtension(services, element, 'redress:Params', { params: [] }, commands);
  const params = (container.get('params') as ModdleObject[] | undefined) ?? [];
  const existing = params.filter((param) => param.get('name') === name);
  if (value === undefined || value.trim() === '') {
    commands.push(
      update(element, container, { params: params.filter((param) => !existing.includes(param)) }),
    );
  } else if (existing[0]) {
    commands.push(update(element, existing[0], { value }));
  } else {
    const param = services.bpmnFactory.create('redress:Param', { name, value });
    param.$parent = container;
    commands.push(update(element, container, { params: [...params, param] }));
  }
  execute(services, commands);
}

/** The form-js schema text of a user task's `redress:form`, or undefined. */
export function formBodyOf(element: Element): string | undefined {
  const form = extensionValues(element).find((value) => value.$type === 'redress:Form');
  const body = form?.get('body');
  return typeof body === 'string' ? body : undefined;
}

/** Stores a form-js schema (JSON text) as the user task's `redress:form`; undefined removes the form. */
export function setFormBody(services: ModelServices, element: Element, body: string | undefined): void {
  const commands: UpdateCommand[] = [];
  if (body === undefined) {
    const extensions = businessObjectOf(element).get('extensionElements') as ModdleObject | undefined;
    if (!extensions) return;
    const values = extensionValues(element);
    commands.push(
      update(element, extensions, { values: values.filter((value) => value.$type !== 'redress:Form') }),
    );
  } else {
    const form = ensureExtension(services, element, 'redress:Form', { body }, commands);
    commands.push(update(element, form, { body }));
  }
  execute(services, commands);
}

/** The extension element of `type` on the element, created (with extensionElements) when missing. */
function ensureExtension(
  services: ModelServices,
  element: Element,
  type: string,
  attrs: Record<string, unknown>,
  commands: UpdateCommand[],
): ModdleObject {
  const bo = businessObjectOf(element);
  let extensions = bo.get('extensionElements') as ModdleObject | undefined;
  if (!extensions) {
    extensions = services.bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
    extensions.$parent = bo;
    commands.push(update(element, bo, { extensionElements: extensions }));
  }
  const values = (extensions.get('values') as ModdleObject[] | undefined) ?? [];
  const found = values.find((value) => value.$type === type);
  if (found) return found;
  const created = services.bpmnFactory.create(type, attrs);
  created.$parent = extensions;
  commands.push(update(element, extensions, { values: [...values, created] }));
  return created;
}

function update(
  element: Element,
  moddleElement: ModdleObject,
  properties: Record<string, unknown>,
): UpdateCommand {
  return { cmd: 'element.updateModdleProperties', context: { element, moddleElement, properties } };
}

/** One undoable step for all the commands. */
function execute(services: ModelServices, commands: UpdateCommand[]): void {
  if (commands.length > 0) services.commandStack.execute('properties-panel.multi-command-executor', commands);
}
