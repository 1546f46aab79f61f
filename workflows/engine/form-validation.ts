/**
 * Server-side validation of a submitted user-task form against its form-js schema, so a completion that
 * did not come through the browser form (or was tampered with) cannot smuggle bad data into the process.
 * Mirrors form-js: required, min/max, minLength/maxLength (trimmed), pattern, email/phone, option lists,
 * number decimals, date/time formats, groups and dynamic lists with `path`, and `conditional.hide`.
 * Stricter than form-js in two ways: keys the form does not have are rejected, and so are values for
 * fields that are hidden (form-js strips them on submit). Not checked: number `increment` and
 * `disallowPassedDates` (needs a clock).
 */
import type { FeelVariables } from './feel';
import { checkFieldValue, type FormFieldError } from './form-checks';
import {
  childComponents,
  getAt,
  isHiddenBy,
  isRecord,
  KEYED_TYPES,
  ownPath,
  rootComponents,
  setAt,
  type FormComponent,
} from './form-schema';

export type { FormFieldError } from './form-checks';

export interface FormValidationOptions {
  /** Extra variables (e.g. the process variables) visible to hide conditions and FEEL validation values. */
  context?: Record<string, unknown>;
}

/** What a validation run collects, and the FEEL context of hide conditions and FEEL bounds. */
interface Walk {
  errors: FormFieldError[];
  context: FeelVariables;
}

/** The keys the form accepts, as a tree; `list` describes each item of a dynamic list. */
interface KeyNode {
  leaf: boolean;
  children: Map<string, KeyNode>;
  list?: KeyNode;
}

/**
 * Validates submitted data against a form-js schema; an empty list means valid.
 * @throws FormSchemaError when the schema itself is malformed.
 */
export function validateFormData(
  schema: unknown,
  data: Record<string, unknown>,
  options: FormValidationOptions = {},
): FormFieldError[] {
  const walk: Walk = { errors: [], context: { ...options.context, ...data } };
  const keys = newNode();
  visit(walk, rootComponents(schema), data, '', keys, false);
  checkUnknownKeys(walk, data, keys, '');
  return walk.errors;
}

/** The declared `defaultValue`s of the form's fields, nested by their paths (a starting point for a form). */
export function formDefaults(schema: unknown): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  const collect = (components: FormComponent[], prefix: string[]): void => {
    for (const component of components) {
      const path = [...prefix, ...ownPath(component)];
      if (component.type === 'group') collect(childComponents(component), path);
      else if (KEYED_TYPES.has(component.type) && component.defaultValue !== undefined) {
        setAt(defaults, path, component.defaultValue);
      }
    }
  };
  collect(rootComponents(schema), []);
  return defaults;
}

function visit(
  walk: Walk,
  components: FormComponent[],
  scope: unknown,
  prefix: string,
  keys: KeyNode,
  parentHidden: boolean,
): void {
  for (const component of components) {
    const hidden = parentHidden || isHiddenBy(component, { ...walk.context, this: scope });
    const path = ownPath(component);
    const node = nodeAt(keys, path);
    const name = prefix + path.join('.');
    const value = getAt(scope, path);
    if (component.type === 'group') {
      // a group with a `path` nests its fields' values below it
      const inner = path.length ? value : scope;
      visit(walk, childComponents(component), inner, path.length ? `${name}.` : prefix, node, hidden);
      continue;
    }
    if (component.type === 'dynamiclist') {
      node.list ??= newNode();
      if (hidden) rejectIfPresent(walk, name, value);
      else visitList(walk, component, value, name, node.list);
      continue;
    }
    if (!KEYED_TYPES.has(component.type) || path.length === 0) continue;
    node.leaf = true;
    if (hidden) rejectIfPresent(walk, name, value);
    else walk.errors.push(...checkFieldValue(component, name, value, walk.context));
  }
}

function visitList(walk: Walk, list: FormComponent, value: unknown, name: string, itemKeys: KeyNode): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) {
    walk.errors.push({ field: name, message: `"${name}" must be a list` });
    return;
  }
  value.forEach((item: unknown, index) => {
    if (isRecord(item)) visit(walk, childComponents(list), item, `${name}[${index}].`, itemKeys, false);
    else walk.errors.push({ field: `${name}[${index}]`, message: `"${name}[${index}]" must be an object` });
  });
}

function checkUnknownKeys(walk: Walk, data: Record<string, unknown>, node: KeyNode, prefix: string): void {
  for (const [key, value] of Object.entries(data)) {
    const name = prefix + key;
    const child = node.children.get(key);
    if (!child) walk.errors.push({ field: name, message: `"${name}" is not a field of this form` });
    else if (child.leaf) continue;
    else if (child.list) {
      if (Array.isArray(value)) {
        value.forEach((item: unknown, i) => {
          if (isRecord(item) && child.list) checkUnknownKeys(walk, item, child.list, `${name}[${i}].`);
        });
      }
    } else if (isRecord(value)) checkUnknownKeys(walk, value, child, `${name}.`);
    else if (value !== null && value !== undefined) {
      walk.errors.push({ field: name, message: `"${name}" must be an object` });
    }
  }
}

function rejectIfPresent(walk: Walk, name: string, value: unknown): void {
  if (value !== undefined && value !== null && value !== '') {
    walk.errors.push({ field: name, message: `"${name}" is hidden and must not be submitted` });
  }
}

function newNode(): KeyNode {
  return { leaf: false, children: new Map() };
}

function nodeAt(root: KeyNode, path: readonly string[]): KeyNode {
  let node = root;
  for (const segment of path) {
    let child = node.children.get(segment);
    if (!child) {
      child = newNode();
      node.children.set(segment, child);
    }
    node = child;
  }
  return node;
}
