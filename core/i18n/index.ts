/**
 * Translations for everything a customer reads: web pages, and the phrases shared by message templates
 * (stage names, outcomes, greetings). One i18next instance, initialised synchronously from the bundled
 * JSON files, so `t` works from the first line of any module and in tests without awaiting anything.
 *
 * Output is NOT HTML-escaped (`escapeValue: false`): whoever puts a translation into HTML escapes it
 * (handlebars `{{ }}` does, and so must the pages). Values passed in `vars` are never interpreted as
 * i18next syntax (`skipOnVariables`, the default), so a customer's name cannot pull in other keys.
 */
import { createInstance } from 'i18next';
import en from './locales/en.json';
import fa from './locales/fa.json';
import ru from './locales/ru.json';
import vi from './locales/vi.json';
import { DEFAULT_LOCALE, type Locale } from './locale';

export { DEFAULT_LOCALE, SUPPORTED_LOCALES, intlLocale, isLocale, type Locale } from './locale';
export { pickLocale, type LocaleCandidate } from './pick-locale';

/** Values interpolated into a translation (`{{name}}`); `count` also selects the plural form. */
export type TranslationVars = Record<string, string | number>;

const i18n = createInstance();
void i18n.init({
  initAsync: false, // resources are bundled: init completes before this line returns
  resources: {
    en: { translation: en },
    fa: { translation: fa },
    ru: { translation: ru },
    vi: { translation: vi },
  },
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  interpolation: { escapeValue: false, skipOnVariables: true },
  returnNull: false,
});

/** Thrown by {@link translateStrict} when a key has no text (missing, or names a group of keys). */
export class MissingTranslationError extends Error {
  constructor(
    readonly locale: Locale,
    readonly key: string,
  ) {
    super(`No translation "${key}" for locale "${locale}"`);
    this.name = 'MissingTranslationError';
  }
}

/**
 * The text of `key` in `locale` with `vars` interpolated. A key missing in `locale` falls back to
 * English; a key missing everywhere comes back as the key itself (visible in review, not a crash).
 */
export function t(locale: Locale, key: string, vars: TranslationVars = {}): string {
  return String(i18n.t(key, { ...vars, lng: locale }));
}

/**
 * Like {@link t}, but throws {@link MissingTranslationError} instead of returning the key. Used where
 * a raw key must never reach a customer, e.g. the message templates (`{{t "stage" stage}}`).
 */
export function translateStrict(locale: Locale, key: string, vars: TranslationVars = {}): string {
  const options = { ...vars, lng: locale };
  const value: unknown = i18n.t(key, { ...options, returnObjects: true });
  if (!i18n.exists(key, options) || typeof value !== 'string') throw new MissingTranslationError(locale, key);
  return value;
}

/** Writing direction of a language: `'rtl'` for Persian; set it on `<html dir>` of pages and emails. */
export function dir(locale: string): 'ltr' | 'rtl' {
  return i18n.dir(locale);
}

/** Whether a locale is written right to left (Persian). */
export function isRtl(locale: string): boolean {
  return dir(locale) === 'rtl';
}
