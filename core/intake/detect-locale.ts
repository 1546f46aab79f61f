import { DEFAULT_LOCALE, type Locale } from '../i18n';

// Letters only Vietnamese uses among our languages (ă, ơ, ư, đ and the tone-marked vowels).
const VIETNAMESE = /[ăắằẳẵặơớờởỡợưứừửữựđạảấầẩẫậẹẻẽếềểễệỉịọỏốồổỗộụủỳỵỷỹ]/giu;
const ARABIC_SCRIPT = /[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]/gu;
const CYRILLIC = /[\u0400-\u04ff]/gu;
const LATIN = /[a-z]/giu;

/**
 * The language of a text someone wrote to us (an email without a language header), by its script:
 * Persian for Arabic script, Russian for Cyrillic, Vietnamese for its own letters, else English.
 */
export function detectLocale(text: string): Locale {
  const count = (re: RegExp): number => text.match(re)?.length ?? 0;
  const arabic = count(ARABIC_SCRIPT);
  const cyrillic = count(CYRILLIC);
  const latin = count(LATIN);
  const vietnamese = count(VIETNAMESE);
  const best = Math.max(arabic, cyrillic, latin + vietnamese);
  if (best === 0) return DEFAULT_LOCALE;
  if (arabic === best) return 'fa';
  if (cyrillic === best) return 'ru';
  // A few Vietnamese letters in a Latin text mean Vietnamese (French or English rarely use them).
  return vietnamese >= 3 || (vietnamese > 0 && vietnamese / (latin + vietnamese) > 0.05)
    ? 'vi'
    : DEFAULT_LOCALE;
}
