import { MissingTranslationError, dir, intlLocale, isLocale, t, translateStrict } from '..';

describe('t', () => {
  it('should translate a key into each locale', () => {
    expect(t('en', 'stage.investigation')).toBe('Under investigation');
    expect(t('fa', 'stage.closed')).toBe('بسته‌شده');
    expect(t('ru', 'stage.received')).toBe('Получено');
    expect(t('vi', 'stage.triage')).toBe('Đánh giá ban đầu');
  });

  it('should interpolate variables without HTML-escaping them', () => {
    expect(t('en', 'email.greeting', { name: 'Tom & <Jerry>' })).toBe('Dear Tom & <Jerry>,');
  });

  it('should NOT interpret i18next syntax inside a variable', () => {
    expect(t('en', 'email.greeting', { name: '$t(stage.closed) {{count}}' })).toBe(
      'Dear $t(stage.closed) {{count}},',
    );
  });

  it('should pick the Russian plural form from count', () => {
    expect(t('ru', 'form.attachments.selected', { count: 1 })).toBe('Выбран 1 файл');
    expect(t('ru', 'form.attachments.selected', { count: 3 })).toBe('Выбрано 3 файла');
    expect(t('ru', 'form.attachments.selected', { count: 5 })).toBe('Выбрано 5 файлов');
    expect(t('ru', 'form.attachments.selected', { count: 21 })).toBe('Выбран 21 файл');
    expect(t('en', 'form.attachments.selected', { count: 2 })).toBe('2 files selected');
  });

  it('should return the key itself when it is missing everywhere', () => {
    expect(t('fa', 'no.such.key')).toBe('no.such.key');
  });
});

describe('translateStrict', () => {
  it('should throw MissingTranslationError for a missing key', () => {
    expect(() => translateStrict('vi', 'stage.nope')).toThrow(MissingTranslationError);
  });

  it('should throw for a key naming a group rather than a text', () => {
    expect(() => translateStrict('en', 'stage')).toThrow('No translation "stage" for locale "en"');
  });

  it('should translate an existing key', () => {
    expect(translateStrict('ru', 'outcome.resolved')).toBe('Проблема решена');
  });
});

describe('dir', () => {
  it('should be rtl for Persian only', () => {
    expect(dir('fa')).toBe('rtl');
    expect(['en', 'ru', 'vi'].map(dir)).toEqual(['ltr', 'ltr', 'ltr']);
  });
});

describe('isLocale and intlLocale', () => {
  it('should accept only supported locales', () => {
    expect(['en', 'fa', 'ru', 'vi'].every(isLocale)).toBe(true);
    expect([undefined, 'de', 'FA', 'constructor', 1].some(isLocale)).toBe(false);
  });

  it('should give Intl a tag that selects the Persian calendar for fa', () => {
    const formatted = new Intl.DateTimeFormat(intlLocale('fa'), {
      dateStyle: 'long',
      timeZone: 'UTC',
    }).format(new Date('2026-03-21T00:00:00Z'));
    expect(formatted).toBe('۱ فروردین ۱۴۰۵');
  });
});
