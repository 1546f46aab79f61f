import { DEFAULT_LOCALE, isLocale, type Locale } from './locale';

/** A query parameter (`?lang=fa`, possibly repeated) or an `Accept-Language` header value. */
export type LocaleCandidate = string | readonly string[] | null | undefined;

interface WeightedTag {
  tag: string;
  q: number;
}

// `fa-IR;q=0.8` → { tag: 'fa', q: 0.8 }; only the primary subtag matters for the languages we support.
function parseRange(range: string): WeightedTag | undefined {
  const [rawTag = '', ...params] = range.split(';').map((part) => part.trim());
  const tag = rawTag.split(/[-_]/)[0]?.toLowerCase() ?? '';
  if (!/^[a-z]{2,3}$/.test(tag)) return undefined;
  const qParam = params.find((param) => /^q\s*=/i.test(param));
  const q = qParam === undefined ? 1 : Number(qParam.replace(/^q\s*=\s*/i, ''));
  return Number.isFinite(q) ? { tag, q } : undefined;
}

function localesIn(candidate: string): Locale[] {
  return candidate
    .split(',')
    .map(parseRange)
    .filter((range): range is WeightedTag => range !== undefined && range.q > 0)
    .sort((a, b) => b.q - a.q) // Array.prototype.sort is stable: equal weights keep the sender's order
    .map((range) => range.tag)
    .filter(isLocale);
}

/**
 * Chooses the language of a customer page or message. Candidates are tried in order, so pass the
 * explicit choice first: `pickLocale(req.query.lang, req.headers['accept-language'])`. Each candidate
 * may be a bare tag (`fa`, `fa-IR`) or a whole `Accept-Language` list with q-weights; the first
 * supported language found wins, otherwise {@link DEFAULT_LOCALE}.
 */
export function pickLocale(...candidates: LocaleCandidate[]): Locale {
  for (const candidate of candidates) {
    const values = typeof candidate === 'string' ? [candidate] : (candidate ?? []);
    for (const value of values) {
      const [first] = localesIn(value);
      if (first) return first;
    }
  }
  return DEFAULT_LOCALE;
}
