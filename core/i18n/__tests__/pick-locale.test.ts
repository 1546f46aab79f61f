import { pickLocale } from '../pick-locale';

describe('pickLocale', () => {
  it('should take an explicit query parameter over the Accept-Language header', () => {
    expect(pickLocale('fa', 'ru-RU,ru;q=0.9')).toBe('fa');
  });

  it('should fall through to the header when the query names no supported language', () => {
    expect(pickLocale('de', 'ru-RU,ru;q=0.9,en;q=0.8')).toBe('ru');
    expect(pickLocale(undefined, 'vi')).toBe('vi');
    expect(pickLocale(null, '')).toBe('en');
  });

  it('should honour q-weights and skip languages we do not support', () => {
    expect(pickLocale('de-DE,de;q=0.9,en;q=0.5,fa;q=0.8')).toBe('fa');
    expect(pickLocale('fa;q=0, ru;q=0.1')).toBe('ru');
  });

  it('should match a regional tag by its language', () => {
    expect(pickLocale('fa-IR')).toBe('fa');
    expect(pickLocale('vi_VN')).toBe('vi');
    expect(pickLocale('EN-us')).toBe('en');
  });

  it('should accept a repeated query parameter', () => {
    expect(pickLocale(['xx', 'ru'])).toBe('ru');
  });

  it('should default to English for junk', () => {
    expect(pickLocale('*', ';;;', 'q=1', '__proto__', 'constructor')).toBe('en');
  });
});
