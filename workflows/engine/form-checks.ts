/**
 * The checks of one visible, submitted form-js field value: required, type, bounds, lengths, pattern,
 * email/phone, options and date formats. Messages name the field: `"remedyAmount" must be at most 100000`.
 */
import { FormSchemaError } from './errors';
import { evaluateExpression, type FeelVariables } from './feel';
import { isRecord, type FormComponent } from './form-schema';

/** One problem with the submitted data; `field` is the value's path (`address.city`, `items[0].name`). */
export interface FormFieldError {
  field: string;
  message: string;
}

/** Checks one field's value; `context` feeds FEEL bounds and `valuesKey` / `valuesExpression` options. */
export function checkFieldValue(
  component: FormComponent,
  name: string,
  value: unknown,
  context: FeelVariables,
): FormFieldError[] {
  const walk = { errors: [] as FormFieldError[], context };
  checkField(walk, component, name, value);
  return walk.errors;
}

interface Walk {
  errors: FormFieldError[];
  context: FeelVariables;
}

function checkField(walk: Walk, component: FormComponent, name: string, value: unknown): void {
  const report = (message: string): void =>
    void walk.errors.push({ field: name, message: `"${name}" ${message}` });
  const rules = component.validate ?? {};
  if (isEmpty(component, value)) {
    if (rules.required === true) report('is required');
    return;
  }
  switch (component.type) {
    case 'textfield':
    case 'textarea':
      if (typeof value !== 'string') return report('must be text');
      return checkText(walk, name, rules, value, report);
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

function checkText(
  walk: Walk,
  name: string,
  rules: Record<string, unknown>,
  value: string,
  report: (m: string) => void,
): void {
  const length = [...value.trim()].length;
  const minLength = numberRule(walk, rules.minLength);
  const maxLength = numberRule(walk, rules.maxLength);
  if (minLength !== undefined && length < minLength) report(`must be at least ${minLength} characters long`);
  if (maxLength !== undefined && length > maxLength) report(`must be at most ${maxLength} characters long`);
  if (typeof rules.pattern === 'string' && rules.pattern !== '' && !compile(rules.pattern).test(value)) {
    // the form's own message is shown as written
    if (typeof rules.patternErrorMessage === 'string')
      walk.errors.push({ field: name, message: rules.patternErrorMessage });
    else report(`must match ${rules.pattern}`);
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
    typeof value === 'number'
      ? value
      : component.serializeToString && typeof value === 'string'
        ? Number(value)
        : NaN;
  if (!Number.isFinite(number) || (typeof value === 'string' && value.trim() === ''))
    return report('must be a number');
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
  if (!ok)
    report(
      `must be a ${subtype === 'datetime' ? 'date and time' : subtype} (${DATE_TIME_HINTS[subtype] ?? ''})`,
    );
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
  const value =
    typeof rule === 'string' && rule.startsWith('=') ? evaluateExpression(rule, walk.context) : rule;
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
