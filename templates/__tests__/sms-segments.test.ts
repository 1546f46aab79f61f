import { GSM_7, countSmsSegments } from '../sms-segments';

describe('countSmsSegments', () => {
  it('should fit 160 GSM-7 characters in one segment', () => {
    expect(countSmsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', length: 160, segments: 1 });
  });

  it('should need two segments for 161 GSM-7 characters', () => {
    expect(countSmsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', length: 161, segments: 2 });
  });

  it('should split concatenated GSM-7 messages every 153 septets', () => {
    expect(countSmsSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSmsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('should count a € (extension table) as two septets', () => {
    expect(countSmsSegments('€')).toEqual({ encoding: 'GSM-7', length: 2, segments: 1 });
    expect(countSmsSegments('a'.repeat(158) + '€')).toMatchObject({ length: 160, segments: 1 });
    expect(countSmsSegments('a'.repeat(159) + '€')).toMatchObject({ length: 161, segments: 2 });
  });

  it('should NOT split an extension character across two segments', () => {
    // 152 septets, then "{" (2) would straddle the 153 boundary: it moves to the second segment.
    const text = 'a'.repeat(152) + '{' + 'a'.repeat(152);
    expect(countSmsSegments(text)).toMatchObject({ length: 306, segments: 3 });
  });

  it('should fit 70 Persian characters in one UCS-2 segment', () => {
    expect(countSmsSegments('س'.repeat(70))).toEqual({ encoding: 'UCS-2', length: 70, segments: 1 });
  });

  it('should need two segments for 71 Persian characters', () => {
    expect(countSmsSegments('س'.repeat(71))).toEqual({ encoding: 'UCS-2', length: 71, segments: 2 });
    expect(countSmsSegments('س'.repeat(134)).segments).toBe(2);
    expect(countSmsSegments('س'.repeat(135)).segments).toBe(3);
  });

  it('should switch the whole text to UCS-2 for one character outside GSM-7', () => {
    expect(countSmsSegments('Hello Ольга')).toMatchObject({ encoding: 'UCS-2', length: 11 });
    expect(countSmsSegments('It’s late')).toMatchObject({ encoding: 'UCS-2' }); // curly apostrophe
    expect(countSmsSegments('`')).toMatchObject({ encoding: 'UCS-2' });
  });

  it('should count an emoji as two UTF-16 code units and never split it', () => {
    expect(countSmsSegments('😀')).toEqual({ encoding: 'UCS-2', length: 2, segments: 1 });
    // 134 units would fit in 2 × 67, but the pair cannot start at unit 67 of the first segment.
    const text = 'ж'.repeat(66) + '😀' + 'ж'.repeat(66);
    expect(countSmsSegments(text)).toMatchObject({ length: 134, segments: 3 });
  });

  it('should give no segment to an empty text', () => {
    expect(countSmsSegments('')).toEqual({ encoding: 'GSM-7', length: 0, segments: 0 });
  });

  it('should know the 127 basic and 10 extension characters of GSM 03.38', () => {
    expect(new Set(GSM_7.basic).size).toBe(127);
    expect([...GSM_7.extension]).toEqual(['\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€']);
    expect(countSmsSegments(GSM_7.basic)).toEqual({ encoding: 'GSM-7', length: 127, segments: 1 });
    expect(countSmsSegments('ÄÖÑÜ§¿äöñüà@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡').encoding).toBe('GSM-7');
  });
});
