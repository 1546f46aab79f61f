import { detectLocale } from '../detect-locale';
import { replyText, trackingCodesIn } from '../email-intake.service';

describe('reading inbound email', () => {
  it('should find tracking codes in a reply subject and quoted text, upper-cased, once each', () => {
    const text =
      'Re: We have received your complaint (rd-7kq2-m9xd-4tph-wc3n)\n> Your code: RD-7KQ2-M9XD-4TPH-WC3N';
    expect(trackingCodesIn(text)).toEqual(['RD-7KQ2-M9XD-4TPH-WC3N']);
    expect(trackingCodesIn('no code here, RD-1234 is too short')).toEqual([]);
  });

  it('should keep only what the customer wrote above the quoted message', () => {
    const reply = [
      'Here is the photo of the meter.',
      'Serial number 4711.',
      '',
      'On Tue, 3 Mar 2026 at 10:00, Redress <complaints@redress.localhost> wrote:',
      '> Dear customer,',
      '> Could you send us a photo?',
    ].join('\r\n');
    expect(replyText(reply)).toBe('Here is the photo of the meter.\nSerial number 4711.');
  });

  it('should keep the whole text when everything is quoted', () => {
    expect(replyText('> only a quote')).toBe('> only a quote');
  });

  it.each([
    ['کتری که خریدم بعد از دو روز خراب شد.', 'fa'],
    ['Чайник сломался через два дня после покупки.', 'ru'],
    ['Ấm đun nước tôi mua đã hỏng sau hai ngày sử dụng.', 'vi'],
    ['The kettle I bought stopped working after two days.', 'en'],
    ['12345 !!!', 'en'],
  ])('should write back to "%s" in %s', (text, locale) => {
    expect(detectLocale(text)).toBe(locale);
  });
});
