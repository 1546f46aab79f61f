/**
 * Server-side validation of a submitted user-task form against its form-js schema, so a completion that
 * did not come through the browser form (or was tampered with) cannot smuggle bad data into the process.
 * Mirrors form-js: required, min/max, minLength/maxLength (trimmed), pattern, email/phone, option lists,
 * number decimals, date/time formats, groups and dynamic lists with `path`, and `conditional.hide`.
 * Stricter than form-js in two ways: keys the form does not have are rejected, and so are values for
 * fields that are hidden (form-js strips them on submit). Not checked: number `increment` and
 * `disallowPassedDates` (needs a clock).
 */
import { FormSchemaError } from './errors';
import { evaluateExpression, type FeelVariables } from './feel';
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

/** One problem with the submitted data; `field` is the value's path (`address.city`, `items[0].name`). */
export interface FormFieldError {
  field: string;
  message: string;
}

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
    else checkField(walk, component, name, value);
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

function checkField(walk: Walk, component: FormComponent, name: string, value: unknown): void {
  const report = (message: string): void => void walk.errors.push({ field: name, message: `"${name}" ${message}` });
  const rules = component.validate ?? {};
  if (isEmpty(component, value)) {
    if (rules.required === true) report('is required');
    return;
  }
  switch (component.type) {
    case 'textfield':
    case 'textarea':
      if (typeof value !== 'string') return report('must be text');
      return checkText(walk, rules, value, report);
    case 'number':
      return checkNumber(walk, component, rules, value, report);
    case 'checkbox':
      if (typeof value !== 'boolean') report('must be true or false');
      return;
    case 'select':
    case 'radio':
      return checkOptions(walk, component, [value], report, false);
    case 'checklist':
    case 'taglist':
      if (!Array.isArray(value)) return report('must be a list');
      return checkOptions(walk, component, value, report, true);
    case 'datetime':
      return checkDateTime(component.subtype ?? 'date', value, report);
  }
}

function checkText(walk: Walk, rules: Record<string, unknown>, value: string, report: (m: string) => void): void {
  const length = [...value.trim()].length;
  const minLength = numberRule(walk, rules.minLength);
  const maxLength = numberRule(walk, rules.maxLength);
  if (minLength !== undefined && length < minLength) report(`must be at least ${minLength} characters long`);
  if (maxLength !== undefined && length > maxLength) report(`must be at most ${maxLength} characters long`);
  if (typeof rules.pattern === 'string' && rules.pattern !== '' && !compile(rules.pattern).test(value)) {
    report(typeof rules.patternErrorMessage === 'string' ? rules.patternErrorMessage : `must match ${rules.pattern}`);
  }
  if (rules.validationType === 'email' && !EMAIL.test(value)) report('must be a valid email address');
  if (rules.validationType === 'phone' && !PHONE.test(value)) {
    report('must be an international phone number such as +4930664040900');
  }
}

function checkNumber(
  walk: Walk,
  component: FormComponent,
  rules: Record<string, unknown>,
  value: unknown,
  report: (m: string) => void,
): void {
  const number =
    typeof value === 'number' ? value : component.serializeToString && typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(number) || (typeof value === 'string' && value.trim() === '')) return report('must be a number');
  const min = numberRule(walk, rules.min);
  const max = numberRule(walk, rules.max);
  if (min !== undefined && number < min) report(`must be at least ${min}`);
  if (max !== undefined && number > max) report(`must be at most ${max}`);
  const digits = component.decimalDigits;
  if (typeof digits === 'number' && digits >= 0 && decimals(number) > digits) {
    report(digits === 0 ? 'must be a whole number' : `must have at most ${digits} decimal digits`);
  }
}

function checkOptions(
  walk: Walk,
  component: FormComponent,
  values: unknown[],
  report: (m: string) => void,
  many: boolean,
): void {
  const allowed = optionsOf(walk, component);
  if (!allowed) return; // options computed elsewhere: nothing to compare with
  const bad = values.filter((v) => !allowed.some((option) => option === v));
  if (bad.length === 0) return;
  const list = allowed.map((option) => JSON.stringify(option)).join(', ');
  report(many ? `may only contain ${list}` : `must be one of ${list}`);
}

/** Static `values`, or the list under `valuesKey` / from `valuesExpression`; undefined when unknown. */
function optionsOf(walk: Walk, component: FormComponent): unknown[] | undefined {
  let source: unknown = component.values;
  if (component.valuesKey) source = walk.context[component.valuesKey];
  else if (typeof component.valuesExpression === 'string' && component.valuesExpression !== '') {
    source = evaluateExpression(component.valuesExpression, walk.context);
  }
  if (!Array.isArray(source)) return undefined;
  return source.map((option: unknown) => (isRecord(option) && 'value' in option ? option.value : option));
}

function checkDateTime(subtype: string, value: unknown, report: (m: string) => void): void {
  const ok = typeof value === 'string' && DATE_TIME_FORMATS[subtype]?.test(value) === true && realDate(value);
  if (!ok) report(`must be a ${subtype === 'datetime' ? 'date and time' : subtype} (${DATE_TIME_HINTS[subtype] ?? ''})`);
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

/** Empty as form-js sees it, except that whitespace-only text counts as empty too. */
function isEmpty(component: FormComponent, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return component.type === 'checkbox' && value === false;
}

/** A validation bound: a number, or `=FEEL` giving one (form-js allows FEEL for min, max and lengths). */
function numberRule(walk: Walk, rule: unknown): number | undefined {
  const value = typeof rule === 'string' && rule.startsWith('=') ? evaluateExpression(rule, walk.context) : rule;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function compile(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch {
    throw new FormSchemaError(`The form's pattern ${pattern} is not a valid regular expression`);
  }
}

function decimals(value: number): number {
  const [, fraction = ''] = String(value).split('.');
  return fraction.length;
}

function realDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return true; // a time only
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
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

const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const PHONE = /^(?:\+|00)[1-9]\d{6,14}$/;
const TIME = '([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d)?(Z|[+-]([01]\\d|2[0-3]):?[0-5]\\d)?';
const DATE_TIME_FORMATS: Record<string, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  time: new RegExp(`^${TIME}$`),
  datetime: new RegExp(`^\\d{4}-\\d{2}-\\d{2}T${TIME}$`),
};
const DATE_TIME_HINTS: Record<string, string> = {
  date: 'YYYY-MM-DD',
  time: 'HH:mm',
  datetime: 'YYYY-MM-DDTHH:mm',
};
