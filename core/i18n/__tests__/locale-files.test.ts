import en from '../locales/en.json';
import fa from '../locales/fa.json';
import ru from '../locales/ru.json';
import vi from '../locales/vi.json';
import { SUPPORTED_LOCALES, type Locale } from '../locale';

const FILES: Record<Locale, object> = { en, fa, ru, vi };
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

// Flattens nested JSON into dotted keys with their string values.
function flatten(node: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(node)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of flatten(value as object, path)) out.set(k, v);
    } else out.set(path, value);
  }
  return out;
}

const flat = Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, flatten(FILES[l])])) as Record<
  Locale,
  Map<string, unknown>
>;

const baseKeys = (locale: Locale): string[] =>
  [...new Set([...flat[locale].keys()].map((k) => k.replace(PLURAL_SUFFIX, '')))].sort();

const placeholders = (text: unknown): string[] =>
  [...String(text).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();

describe('locale files', () => {
  it.each(SUPPORTED_LOCALES.filter((l) => l !== 'en'))(
    'should have the same keys in %s as in en',
    (locale) => {
      expect(baseKeys(locale)).toEqual(baseKeys('en'));
    },
  );

  it.each(SUPPORTED_LOCALES)('should give every key in %s a non-empty string', (locale) => {
    for (const [key, value] of flat[locale]) {
      expect([key, typeof value]).toEqual([key, 'string']);
      expect(String(value).trim()).not.toBe('');
    }
  });

  it.each(SUPPORTED_LOCALES)(
    'should give each plural key in %s exactly the forms its language needs',
    (locale) => {
      const needed = [...new Intl.PluralRules(locale).resolvedOptions().pluralCategories].sort();
      const plurals = new Map<string, string[]>();
      for (const key of flat[locale].keys()) {
        const match = PLURAL_SUFFIX.exec(key);
        if (!match) continue;
        const base = key.slice(0, match.index);
        plurals.set(base, [...(plurals.get(base) ?? []), match[1] ?? ''].sort());
      }
      expect(plurals.size).toBeGreaterThan(0);
      for (const [base, forms] of plurals) expect([base, forms]).toEqual([base, needed]);
    },
  );

  it.each(SUPPORTED_LOCALES.filter((l) => l !== 'en'))(
    'should use the same {{placeholders}} in %s as in en',
    (locale) => {
      for (const [key, value] of flat[locale]) {
        const enKey = flat.en.has(key) ? key : `${key.replace(PLURAL_SUFFIX, '')}_other`;
        expect([key, placeholders(value)]).toEqual([key, placeholders(flat.en.get(enKey))]);
      }
    },
  );

  it('should name every stage the workflow can report', () => {
    for (const stage of [
      'received',
      'acknowledged',
      'triage',
      'investigation',
      'approval',
      'resolution',
      'survey',
      'closed',
    ]) {
      expect(flat.en.has(`stage.${stage}`)).toBe(true);
      expect(flat.en.has(`stageHelp.${stage}`)).toBe(true);
    }
  });
});
