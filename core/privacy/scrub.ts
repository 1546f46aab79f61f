/** Placeholder written where personal data was. */
export const PSEUDONYMISED = '[pseudonymised]';

/** Applies `fn` to every string inside a JSON value (objects and arrays rebuilt, other values kept). */
export function mapStrings(
  value: unknown,
  fn: (s: string, key: string | undefined) => string,
  key?: string,
): unknown {
  if (typeof value === 'string') return fn(value, key);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, mapStrings(v, fn, k)]),
    );
  }
  return value;
}

// Short lower-case tokens (select values such as "refund", "approve") are choices, not free text.
const CHOICE = /^[a-z0-9_-]{1,40}$/;

/** Free text in task form data → placeholder; choices, numbers and booleans stay (statistics use them). */
export function scrubFormData(data: unknown): unknown {
  return mapStrings(data, (s) => (CHOICE.test(s) ? s : PSEUDONYMISED));
}

/** Replaces each occurrence of the given personal values inside strings (case-insensitive). */
export function replaceValues(value: unknown, personal: string[]): unknown {
  // Longest first, so an email is replaced whole rather than the name inside it.
  const needles = personal
    .map((p) => p.trim())
    .filter((p) => p.length >= 3)
    .sort((a, b) => b.length - a.length);
  if (!needles.length) return value;
  const pattern = new RegExp(needles.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  return mapStrings(value, (s) => s.replace(pattern, PSEUDONYMISED));
}
