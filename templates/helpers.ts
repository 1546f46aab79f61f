/**
 * Helpers available to every template (files and process-owner overrides). All of them read the
 * language from the root data (`@root.locale`, set by the renderer), and all of them reject a missing
 * argument by naming the variable it came from: handlebars' strict mode checks `{{name}}` but not
 * helper arguments, so without this `{{formatDate expectedDate}}` would fail with no useful name.
 */
import Handlebars from 'handlebars';
import {
  MissingTranslationError,
  intlLocale,
  isLocale,
  isRtl,
  translateStrict,
  type Locale,
  type TranslationVars,
} from '../core/i18n';
import { MissingVariableError } from './errors';

/** Whether templates render HTML (values escaped) or plain text (subject, text part, SMS). */
export type OutputMode = 'html' | 'text';

/** The part of handlebars' helper options Redress reads; `ids`/`hashIds` exist because of `trackIds`. */
export interface TrackedOptions {
  hash?: Record<string, unknown>;
  data?: { root?: unknown };
  ids?: unknown[];
  hashIds?: Record<string, unknown>;
}

type Hash = Record<string, unknown>;
/** What a helper knows besides its arguments: the language and the root data. */
interface Scope {
  locale: Locale;
  root: Hash;
}
type Helper = (args: unknown[], hash: Hash, scope: Scope) => unknown;

/** Throws {@link MissingVariableError} for the first hash value that is undefined or null. */
export function requireHashValues(options: TrackedOptions, where: string): void {
  for (const [key, value] of Object.entries(options.hash ?? {})) {
    if (value === undefined || value === null) {
      const id = options.hashIds?.[key];
      throw new MissingVariableError(typeof id === 'string' ? id : `${key}= of ${where}`);
    }
  }
}

function scopeOf(options: TrackedOptions): Scope {
  const data = options.data?.root;
  const root = data !== null && typeof data === 'object' ? (data as Hash) : {};
  if (!isLocale(root.locale)) throw new MissingVariableError('@root.locale');
  return { locale: root.locale, root };
}

// Adapts a helper to handlebars' calling convention (arguments, then options) and rejects missing values.
function strictHelper(name: string, helper: Helper): Handlebars.HelperDelegate {
  return (...params: unknown[]) => {
    const options = params.pop() as TrackedOptions;
    params.forEach((value, index) => {
      if (value === undefined || value === null) {
        const id = options.ids?.[index];
        throw new MissingVariableError(typeof id === 'string' ? id : `argument ${index + 1} of ${name}`);
      }
    });
    requireHashValues(options, name);
    return helper(params, options.hash ?? {}, scopeOf(options));
  };
}

// A date alone ("2026-04-02") is a calendar day: formatted in UTC so no time zone can shift it.
function parseDate(value: unknown): { date: Date; dateOnly: boolean } {
  if (!(value instanceof Date) && typeof value !== 'string' && typeof value !== 'number') {
    throw new Error(`not a date: ${JSON.stringify(value)}`);
  }
  const dateOnly = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = value instanceof Date ? value : new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw new Error(`not a date: ${JSON.stringify(value)}`);
  return { date, dateOnly };
}

function timeZoneOf(hash: Hash, root: Hash): string {
  const zone = hash.timeZone ?? root.timeZone;
  return typeof zone === 'string' && zone !== '' ? zone : 'UTC';
}

function translationVars(hash: Hash): TranslationVars {
  return Object.fromEntries(Object.entries(hash).map(([k, v]) => [k, typeof v === 'number' ? v : String(v)]));
}

type DateStyle = 'full' | 'long' | 'medium' | 'short';
function dateStyleOf(value: unknown, fallback: DateStyle): DateStyle {
  if (value === undefined) return fallback;
  if (value === 'full' || value === 'long' || value === 'medium' || value === 'short') return value;
  throw new Error(`style must be full, long, medium or short, not ${JSON.stringify(value)}`);
}

const DURATION_UNITS = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const;
type DurationUnit = (typeof DURATION_UNITS)[number];
const ISO_DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

// "P1DT2H" → [[1,'day'],[2,'hour']]; a number is an amount of `unit`.
function durationParts(value: unknown, unit: unknown): [number, DurationUnit][] {
  if (typeof value === 'number') {
    const chosen = unit ?? 'day';
    if (!DURATION_UNITS.includes(chosen as DurationUnit)) {
      throw new Error(`unknown unit ${JSON.stringify(unit)}`);
    }
    return [[value, chosen as DurationUnit]];
  }
  const match =
    typeof value === 'string' && value !== 'P' && !value.endsWith('T') ? ISO_DURATION.exec(value) : null;
  if (!match) throw new Error(`not an ISO 8601 duration: ${JSON.stringify(value)}`);
  const parts = DURATION_UNITS.map((u, i): [number, DurationUnit] => [Number(match[i + 1] ?? 0), u]);
  const nonZero = parts.filter(([amount]) => amount > 0);
  return nonZero.length > 0 ? nonZero : [[0, 'day']];
}

// Joins a base URL and path segments (each percent-encoded); only http and https are accepted.
function joinLink(base: unknown, segments: unknown[]): string {
  const url = new URL(String(base));
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`not an http(s) link: ${url.protocol}`);
  }
  const extra = segments.flatMap((segment) => String(segment).split('/')).filter((s) => s !== '');
  if (extra.length > 0) {
    url.pathname = [url.pathname.replace(/\/+$/, ''), ...extra.map(encodeURIComponent)].join('/');
  }
  return url.toString();
}

const LRI = '\u2066'; // LEFT-TO-RIGHT ISOLATE
const PDI = '\u2069'; // POP DIRECTIONAL ISOLATE

function helpers(mode: OutputMode): Record<string, Helper> {
  const html = mode === 'html';
  return {
    /**
     * `{{t "stage" stage name=customerName}}`: key parts joined with dots, hash values interpolated.
     * `defaultValue=remedy` prints that text when the key does not exist, so a value may be either a
     * known key (`refund`, translated) or free text from staff; without it a missing key throws.
     */
    t: (parts, { defaultValue, ...vars }, { locale }) => {
      try {
        return translateStrict(locale, parts.map(String).join('.'), translationVars(vars));
      } catch (error) {
        if (
          error instanceof MissingTranslationError &&
          typeof defaultValue === 'string' &&
          defaultValue !== ''
        ) {
          return defaultValue;
        }
        throw error;
      }
    },
    /** `{{#if (eq stage "closed")}}`. */
    eq: ([a, b]) => a === b,
    /** `{{formatDate expectedDate style="medium"}}`: Persian calendar for fa. */
    formatDate: ([value], hash, { locale, root }) => {
      const { date, dateOnly } = parseDate(value);
      return new Intl.DateTimeFormat(intlLocale(locale), {
        dateStyle: dateStyleOf(hash.style, 'long'),
        timeZone: dateOnly ? 'UTC' : timeZoneOf(hash, root),
      }).format(date);
    },
    /** `{{formatDateTime at}}` in `timeZone` (hash or root data; default UTC). */
    formatDateTime: ([value], hash, { locale, root }) =>
      new Intl.DateTimeFormat(intlLocale(locale), {
        dateStyle: dateStyleOf(hash.dateStyle, 'long'),
        timeStyle: dateStyleOf(hash.timeStyle, 'short'),
        timeZone: timeZoneOf(hash, root),
      }).format(parseDate(value).date),
    /** `{{formatDuration "P3D"}}` → "3 days" / "۳ روز"; `{{formatDuration 48 unit="hour"}}`. */
    formatDuration: ([value], hash, { locale }) => {
      const tag = intlLocale(locale);
      const parts = durationParts(value, hash.unit).map(([amount, unit]) =>
        new Intl.NumberFormat(tag, { style: 'unit', unit, unitDisplay: 'long' }).format(amount),
      );
      return new Intl.ListFormat(tag, { type: 'unit', style: 'long' }).format(parts);
    },
    /** `{{link trackingUrl}}` or `{{link baseUrl "t" trackingCode}}`. */
    link: ([base, ...segments]) => joinLink(base, segments),
    /** Keeps a code or number left-to-right inside right-to-left text; a no-op in LTR languages. */
    ltr: ([value], _hash, { locale }) => {
      const text = String(value);
      if (!isRtl(locale)) return text;
      return html
        ? new Handlebars.SafeString(`<span dir="ltr">${Handlebars.escapeExpression(text)}</span>`)
        : `${LRI}${text}${PDI}`;
    },
    /** Free text with line breaks (a staff answer): escaped, then `<br>` between lines in HTML. */
    multiline: ([value]) => {
      const lines = String(value).replace(/\r\n?/g, '\n').split('\n');
      return html
        ? new Handlebars.SafeString(lines.map(Handlebars.escapeExpression).join('<br>\n'))
        : lines.join('\n');
    },
  };
}

/**
 * Registers Redress's helpers on a handlebars environment and removes `log` (templates must not write
 * customer data to the server log).
 */
export function registerHelpers(env: typeof Handlebars, mode: OutputMode): void {
  env.unregisterHelper('log');
  for (const [name, helper] of Object.entries(helpers(mode))) {
    env.registerHelper(name, strictHelper(name, helper));
  }
}
