/** The languages customers can read Redress in. The first one is the default. */
export const SUPPORTED_LOCALES = ['en', 'fa', 'ru', 'vi'] as const;

/** A supported customer language (a primary language subtag, lower case). */
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** The language used when nothing the customer sent matches a supported one. */
export const DEFAULT_LOCALE: Locale = 'en';

/** Whether a value (from a query string, a database column, a workflow input…) is a supported locale. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

// Regional tag handed to Intl: `en-GB` gives "2 April 2026" rather than the US "April 2, 2026",
// `fa-IR` gives the Persian (Solar Hijri) calendar with Persian digits.
const INTL_TAGS: Record<Locale, string> = { en: 'en-GB', fa: 'fa-IR', ru: 'ru-RU', vi: 'vi-VN' };

/** The BCP 47 tag to give `Intl` formatters (dates, numbers, durations) for a locale. */
export function intlLocale(locale: Locale): string {
  return INTL_TAGS[locale];
}
