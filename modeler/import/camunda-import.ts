/**
 * Importing a BPMN file drawn for another engine (Camunda 7/8, Activiti, Flowable, or any tool): the
 * attributes that mean the same thing in Redress are translated to `redress:*`, everything else is
 * kept in the file untouched and listed in a report by element id — nothing is silently dropped, and
 * the diagram (BPMN DI) is written back as it came. Pure: bpmn-moddle only, so it runs in Node and in
 * the browser. Callers guard against hostile XML first (core/bpmn/xml-guard.ts).
 */
import { BpmnModdle } from 'bpmn-moddle';
import { feelBody, isFeel } from '../../core/bpmn/extensions';
import { feelStringLiteral } from '../../core/bpmn/feel-check';
import { isIsoDuration } from '../../core/bpmn/iso8601';
import redressDescriptor from '../../core/bpmn/redress.moddle.json';
import { KNOWN_TASK_TYPES } from '../../core/bpmn/task-types';
import { reportEngineSupport } from './engine-support';
import {
  localName,
  namespaceDeclarations,
  namespaceOf,
  owningId,
  walk,
  type AnyElement,
} from './moddle-walk';
import { CAMUNDA7_LIKE, PRESENTATION_ONLY, REDRESS, ZEEBE, engineOf } from './vendor-namespaces';

/** Something of the file Redress keeps but does not honour, on the element that holds it ('' = the file). */
export interface ImportFinding {
  elementId: string;
  message: string;
}

/** One attribute carried over: `camunda:assignee` → `redress:assignee`. */
export interface ImportTranslation {
  elementId: string;
  from: string;
  to: string;
  value: string;
}

/** The translated model and what the process owner should look at. */
export interface ForeignImportResult {
  xml: string;
  report: ImportFinding[];
  translated: ImportTranslation[];
}

/** Thrown when the input is not a BPMN 2.0 document at all. */
export class ForeignImportError extends Error {
  override name = 'ForeignImportError';
}

// Why a Camunda-style attribute has no Redress counterpart, for the common ones.
const ATTRIBUTE_HINTS: Record<string, string> = {
  formKey: 'design the form in the modeler (redress:form)',
  candidateUsers: 'Redress gives a task to groups or to one assignee',
  class: 'use a service task with redress:taskType',
  delegateExpression: 'use a service task with redress:taskType',
  expression: 'use a service task with redress:taskType',
  type: 'use a service task with redress:taskType',
  topic: 'use a service task with redress:taskType',
  asyncBefore: 'every Redress step is durable already',
  asyncAfter: 'every Redress step is durable already',
  async: 'every Redress step is durable already',
  followUpDate: 'Redress has due dates (redress:dueIn) only',
  priority: 'priority comes from the classify task',
};

// Why a Zeebe or Camunda extension element has no Redress counterpart, for the common ones.
const ELEMENT_HINTS: Record<string, string> = {
  ioMapping: 'Redress passes all process variables; use FEEL in parameters (=…)',
  inputOutput: 'Redress passes all process variables; use FEEL in parameters (=…)',
  taskHeaders: 'use redress:param',
  field: 'use redress:param',
  properties: 'use redress:param',
  executionListener: 'listeners are not supported',
  taskListener: 'listeners are not supported',
  calledElement: 'call activities are not supported',
  calledDecision: 'decision tables are not supported: use an exclusive gateway with FEEL conditions',
  formData: 'design the form in the modeler (redress:form)',
  loopCharacteristics: 'loops are not supported',
};

interface ImportContext {
  moddle: BpmnModdle & { create(type: string, attrs?: Record<string, unknown>): AnyElement };
  prefixes: Map<string, string>;
  report: ImportFinding[];
  translated: ImportTranslation[];
  /** zeebe:userTaskForm elements by id, and whether a user task took its schema. */
  forms: Map<string, { element: AnyElement; used: boolean }>;
  /** Other tools' namespaces: URI → ids of the elements that carry their extensions. */
  foreign: Map<string, Set<string>>;
}

/**
 * Translate a BPMN file from another modeler into Redress's dialect.
 * @throws ForeignImportError when the text is not a BPMN 2.0 document.
 */
export async function importForeignBpmn(xml: string): Promise<ForeignImportResult> {
  const moddle = new BpmnModdle({ redress: redressDescriptor }) as ImportContext['moddle'];
  let root: AnyElement;
  try {
    root = (await moddle.fromXML(xml, 'bpmn:Definitions')).rootElement as AnyElement;
  } catch (error) {
    throw new ForeignImportError(
      `not a BPMN 2.0 document: ${String((error as Error).message).split('\n')[0]}`,
    );
  }
  const ctx: ImportContext = {
    moddle,
    prefixes: namespaceDeclarations(root),
    report: [],
    translated: [],
    forms: new Map(),
    foreign: new Map(),
  };
  // Collected first: translating removes extension elements, which must not disturb the walk.
  const elements: AnyElement[] = [];
  walk(root, (element) => elements.push(element));
  for (const element of elements) {
    if (namespaceOf(ctx.prefixes, element) === ZEEBE && localName(element.$type) === 'userTaskForm') {
      ctx.forms.set(String(element.id ?? ''), { element, used: false });
    }
  }
  for (const element of elements) {
    translateAttributes(ctx, element);
    if (element.extensionElements?.values?.length) translateExtensions(ctx, element);
  }
  finishForms(ctx);
  reportForeignNamespaces(ctx);
  ctx.report.push(...reportEngineSupport(root));
  const { xml: translatedXml } = await moddle.toXML(root, { format: true });
  return { xml: translatedXml, report: dedupe(ctx.report), translated: ctx.translated };
}

/** Camunda 7-style attributes on the element itself (`camunda:assignee="…"`). */
function translateAttributes(ctx: ImportContext, element: AnyElement): void {
  const attrs = element.$attrs ?? {};
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'xmlns' || name.startsWith('xmlns:') || !name.includes(':')) continue;
    const uri = ctx.prefixes.get(name.split(':')[0] ?? '');
    if (!uri || uri === REDRESS || PRESENTATION_ONLY.has(uri)) continue;
    const local = localName(name);
    const engine = engineOf(uri);
    if (!engine) {
      noteForeign(ctx, uri, element);
      continue;
    }
    const isUserTask = element.$instanceOf?.('bpmn:UserTask') === true;
    const target = isUserTask && CAMUNDA7_LIKE[uri] ? camunda7Target(local, value) : undefined;
    if (target && translate(ctx, element, name, target.property, target.value)) {
      delete attrs[name];
      continue;
    }
    const why =
      target === null
        ? untranslatableWhy(local, value)
        : (ATTRIBUTE_HINTS[local] ?? 'it has no Redress equivalent');
    ctx.report.push({
      elementId: owningId(element),
      message: `${name} (${engine}) is not used by Redress: ${why}`,
    });
  }
}

/** What a Camunda 7 user-task attribute becomes; null when it means the same but the value cannot be carried over. */
function camunda7Target(
  local: string,
  value: string,
): { property: string; value: string } | null | undefined {
  if (local === 'assignee' || local === 'candidateGroups') {
    const converted = fromJuel(value);
    return converted === undefined ? null : { property: local, value: converted };
  }
  if (local === 'dueDate')
    return isIsoDuration(value.trim()) ? { property: 'dueIn', value: value.trim() } : null;
  return undefined;
}

function untranslatableWhy(local: string, value: string): string {
  if (local === 'dueDate') {
    return `"${value}" is not an ISO 8601 duration, and Redress sets due dates as a duration from when the task opens (redress:dueIn)`;
  }
  return `the expression "${value}" cannot be carried over to FEEL: write it again as =…`;
}

/** A JUEL value as Redress writes it: `${approver}` → `=approver`; a literal stays; other JUEL is undefined. */
function fromJuel(value: string): string | undefined {
  const trimmed = value.trim();
  const path = /^[$#]\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\}$/.exec(trimmed);
  if (path) return `=${path[1]}`;
  return /[$#]\{/.test(trimmed) ? undefined : trimmed;
}

/** Sets `redress:<property>` unless the model already has it; records the translation. */
function translate(
  ctx: ImportContext,
  element: AnyElement,
  from: string,
  property: string,
  value: string,
): boolean {
  const existing = element.get?.(`redress:${property}`);
  if (existing !== undefined && existing !== '' && existing !== value) {
    ctx.report.push({
      elementId: owningId(element),
      message: `${from} ("${value}") was not carried over: redress:${property} is already "${String(existing)}"`,
    });
    return true; // the model already says it in Redress's words; the vendor attribute goes
  }
  element.set?.(`redress:${property}`, value);
  ctx.translated.push({ elementId: owningId(element), from, to: `redress:${property}`, value });
  return true;
}

/** Zeebe and Camunda extension elements of one BPMN element. */
function translateExtensions(ctx: ImportContext, element: AnyElement): void {
  const container = element.extensionElements!;
  const original = [...(container.values ?? [])];
  const kept: AnyElement[] = [];
  for (const extension of original) {
    const uri = namespaceOf(ctx.prefixes, extension);
    const engine = engineOf(uri);
    if (!uri || uri === REDRESS || PRESENTATION_ONLY.has(uri)) {
      kept.push(extension);
      continue;
    }
    if (!engine) {
      noteForeign(ctx, uri, element);
      kept.push(extension);
      continue;
    }
    const outcome = uri === ZEEBE ? translateZeebe(ctx, element, extension) : 'unhandled';
    if (outcome === 'translated') continue;
    const local = localName(extension.$type);
    // An embedded form is reported (if unused) once all user tasks had their chance to take it.
    if (outcome === 'unhandled' && !(uri === ZEEBE && local === 'userTaskForm')) {
      const why = ELEMENT_HINTS[local] ?? 'it has no Redress equivalent';
      ctx.report.push({
        elementId: owningId(element),
        message: `${extension.$type} (${engine}) is not used by Redress: ${why}`,
      });
    }
    kept.push(extension);
  }
  // Keep what stayed, plus what translating added (a redress:form), in document order.
  const added = (container.values ?? []).filter((value) => !original.includes(value));
  setExtensions(element, [...kept, ...added]);
}

/** Replaces an element's extension values; an emptied extensionElements goes too. */
function setExtensions(element: AnyElement, values: AnyElement[]): void {
  if (values.length === 0) delete element.extensionElements;
  else element.extensionElements!.values = values;
}

/**
 * Translates one Zeebe extension element: `translated` when everything in it was carried over (it
 * goes), `reported` when part of it stays and was reported attribute by attribute, `unhandled` when
 * Redress has no counterpart for it at all.
 */
function translateZeebe(
  ctx: ImportContext,
  element: AnyElement,
  extension: AnyElement,
): 'translated' | 'reported' | 'unhandled' {
  const local = localName(extension.$type);
  const isUserTask = element.$instanceOf?.('bpmn:UserTask') === true;
  const isServiceTask =
    element.$instanceOf?.('bpmn:ServiceTask') === true || element.$instanceOf?.('bpmn:SendTask') === true;
  const carry = (source: string, target: string, value: string | undefined): void => {
    if (value === undefined) return;
    translate(ctx, element, `${extension.$type} ${source}`, target, value);
    delete extension[source];
  };
  if (local === 'taskDefinition' && isServiceTask) {
    const type = stringAttr(extension, 'type')?.trim() ?? '';
    if ((KNOWN_TASK_TYPES as readonly string[]).includes(type)) carry('type', 'taskType', type);
    else {
      ctx.report.push({
        elementId: owningId(element),
        message: `zeebe:taskDefinition type "${type}" is not a Redress task type (one of ${KNOWN_TASK_TYPES.join(', ')}): set redress:taskType`,
      });
      delete extension.type; // reported just now, not again below
      return reportLeftovers(ctx, element, extension, { type });
    }
    return reportLeftovers(ctx, element, extension);
  }
  if (local === 'assignmentDefinition' && isUserTask) {
    carry('assignee', 'assignee', stringAttr(extension, 'assignee')?.trim());
    carry('candidateGroups', 'candidateGroups', stringAttr(extension, 'candidateGroups')?.trim());
    return reportLeftovers(ctx, element, extension);
  }
  if (local === 'taskSchedule' && isUserTask) {
    const dueDate = stringAttr(extension, 'dueDate');
    const duration = dueDate === undefined ? undefined : durationOf(dueDate);
    if (duration !== undefined) {
      carry('dueDate', 'dueIn', duration);
      return reportLeftovers(ctx, element, extension);
    }
    if (dueDate === undefined) return reportLeftovers(ctx, element, extension);
    ctx.report.push({
      elementId: owningId(element),
      message: `zeebe:taskSchedule dueDate ${untranslatableWhy('dueDate', dueDate)}`,
    });
    delete extension.dueDate;
    return reportLeftovers(ctx, element, extension, { dueDate });
  }
  if (local === 'formDefinition' && isUserTask) {
    return translateForm(ctx, element, stringAttr(extension, 'formKey')) ? 'translated' : 'reported';
  }
  return 'unhandled';
}

function stringAttr(element: AnyElement, name: string): string | undefined {
  return typeof element[name] === 'string' ? (element[name] as string) : undefined;
}

/**
 * Reports each attribute left on a partly translated extension element; `restore` puts back values
 * that were already reported, so the element keeps everything it came with.
 */
function reportLeftovers(
  ctx: ImportContext,
  element: AnyElement,
  extension: AnyElement,
  restore: Record<string, string> = {},
): 'translated' | 'reported' {
  const others = Object.keys(extension).filter((key) => !key.startsWith('$'));
  for (const other of others) {
    ctx.report.push({
      elementId: owningId(element),
      message: `${extension.$type} ${other}="${String(extension[other])}" (Camunda 8) is not used by Redress: ${ATTRIBUTE_HINTS[other] ?? 'it has no Redress equivalent'}`,
    });
  }
  Object.assign(extension, restore);
  return others.length === 0 && Object.keys(restore).length === 0 && !extension.$children?.length
    ? 'translated'
    : 'reported';
}

/** A literal duration, or a FEEL string literal holding one (`="P3D"`). */
function durationOf(value: string): string | undefined {
  const trimmed = value.trim();
  const literal = isFeel(trimmed) ? feelStringLiteral(feelBody(trimmed)) : trimmed;
  return literal !== undefined && isIsoDuration(literal) ? literal : undefined;
}

/** `zeebe:formDefinition formKey="camunda-forms:bpmn:<id>"` + the embedded zeebe:userTaskForm → redress:form. */
function translateForm(ctx: ImportContext, element: AnyElement, formKey: string | undefined): boolean {
  const id = /^camunda-forms:bpmn:(.+)$/.exec(formKey ?? '')?.[1];
  const form = id === undefined ? undefined : ctx.forms.get(id);
  const body = form?.element.$body?.trim();
  if (!form || !body) {
    ctx.report.push({
      elementId: owningId(element),
      message: `zeebe:formDefinition refers to a form outside the file (${formKey ?? 'formId'}): design the form in the modeler (redress:form)`,
    });
    return false;
  }
  try {
    JSON.parse(body);
  } catch {
    ctx.report.push({
      elementId: owningId(element),
      message: `the embedded form ${id} is not valid JSON: design it again in the modeler`,
    });
    return false;
  }
  const container = element.extensionElements!;
  const existing = (container.values ?? []).some((value) => value.$type === 'redress:Form');
  if (!existing) {
    const redressForm = ctx.moddle.create('redress:Form', { body });
    redressForm.$parent = container;
    container.values = [...(container.values ?? []), redressForm];
    ctx.translated.push({
      elementId: owningId(element),
      from: `zeebe:userTaskForm ${id}`,
      to: 'redress:form',
      value: body,
    });
  }
  form.used = true;
  return true;
}

/** Embedded forms a user task took are gone with its formDefinition; unused ones are reported. */
function finishForms(ctx: ImportContext): void {
  for (const [id, { element, used }] of ctx.forms) {
    const owner = element.$parent?.$parent;
    if (used && owner?.extensionElements?.values) {
      setExtensions(
        owner,
        owner.extensionElements.values.filter((value) => value !== element),
      );
    }
    if (!used) {
      ctx.report.push({
        elementId: owningId(element),
        message: `the embedded form ${id} (Camunda 8) is used by no user task Redress could translate`,
      });
    }
  }
}

function noteForeign(ctx: ImportContext, uri: string, element: AnyElement): void {
  const ids = ctx.foreign.get(uri) ?? new Set<string>();
  ids.add(owningId(element));
  ctx.foreign.set(uri, ids);
}

/** One line per other tool's namespace: kept, ignored, and on which elements. */
function reportForeignNamespaces(ctx: ImportContext): void {
  const prefixOf = new Map([...ctx.prefixes].map(([prefix, uri]) => [uri, prefix]));
  for (const [uri, ids] of ctx.foreign) {
    const list = [...ids].filter(Boolean);
    const shown = list.slice(0, 5).join(', ') + (list.length > 5 ? ` and ${list.length - 5} more` : '');
    ctx.report.push({
      elementId: '',
      message: `extensions of another tool (${prefixOf.get(uri) ?? '?'}: ${uri}) are kept in the file and ignored by Redress${shown ? `, on ${shown}` : ''}`,
    });
  }
}

function dedupe(findings: ImportFinding[]): ImportFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.elementId}\u0000${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
