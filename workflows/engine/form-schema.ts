/**
 * Reading a @bpmn-io/form-js schema defensively: its components, where their values live in the submitted
 * data (a dotted `key`, under the `path` of enclosing groups and dynamic lists) and their hide conditions.
 */
import { FeelEvaluationError, FormSchemaError } from './errors';
import { evaluateExpression, type FeelVariables } from './feel';

/** The parts of a form-js component that validation reads. */
export interface FormComponent {
  type: string;
  id?: string;
  key?: string;
  path?: string;
  label?: string;
  components?: FormComponent[];
  validate?: Record<string, unknown>;
  values?: { label?: unknown; value: unknown }[];
  valuesKey?: string;
  valuesExpression?: string;
  conditional?: { hide?: unknown };
  defaultValue?: unknown;
  subtype?: string;
  serializeToString?: boolean;
  decimalDigits?: number;
}

/** Components whose value is submitted under their `key`. */
export const KEYED_TYPES = new Set([
  'textfield',
  'textarea',
  'number',
  'select',
  'radio',
  'checkbox',
  'checklist',
  'taglist',
  'datetime',
  'expression',
  'filepicker',
]);

/** The top-level components of a schema. @throws FormSchemaError when it is not a form-js schema. */
export function rootComponents(schema: unknown): FormComponent[] {
  if (!isRecord(schema)) throw new FormSchemaError('A form schema must be an object with `components`');
  return componentsOf(schema.components ?? [], 'the form');
}

/** The children of a group or dynamic list. */
export function childComponents(component: FormComponent): FormComponent[] {
  return componentsOf(component.components ?? [], `component "${component.id ?? component.type}"`);
}

/** Path segments a component adds: a keyed field's dotted key, a group's or list's optional dotted path. */
export function ownPath(component: FormComponent): string[] {
  const text = KEYED_TYPES.has(component.type) ? component.key : component.path;
  return text ? text.split('.') : [];
}

/** Whether a component's `conditional.hide` FEEL expression is true for this context. */
export function isHiddenBy(component: FormComponent, context: FeelVariables): boolean {
  const hide = component.conditional?.hide;
  if (hide === true) return true;
  if (typeof hide !== 'string' || hide.trim() === '') return false;
  try {
    return evaluateExpression(hide, context) === true;
  } catch (error) {
    if (error instanceof FeelEvaluationError) {
      throw new FormSchemaError(
        `The hide condition of "${component.key ?? component.id}" is invalid: ${error.message}`,
      );
    }
    throw error;
  }
}

/** Reads own properties only, so `constructor` or `__proto__` in a path never reach the prototype. */
export function getAt(data: unknown, path: readonly string[]): unknown {
  let current = data;
  for (const segment of path) {
    if (!isRecord(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

/** Writes a value at a path, creating plain objects on the way (as own data properties). */
export function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = target;
  path.forEach((segment, index) => {
    if (index === path.length - 1) {
      define(current, segment, value);
      return;
    }
    const next = Object.hasOwn(current, segment) ? current[segment] : undefined;
    if (isRecord(next)) {
      current = next;
    } else {
      const created: Record<string, unknown> = {};
      define(current, segment, created);
      current = created;
    }
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function componentsOf(value: unknown, where: string): FormComponent[] {
  if (!Array.isArray(value)) throw new FormSchemaError(`The components of ${where} must be a list`);
  return value.map((component: unknown) => {
    if (!isRecord(component) || typeof component.type !== 'string') {
      throw new FormSchemaError(`Every component of ${where} needs a type`);
    }
    return component as unknown as FormComponent;
  });
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
