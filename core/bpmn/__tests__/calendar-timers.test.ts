import { isBusinessDays, isClockTimer } from '../iso8601';

describe('calendar timer texts (the interpreter parsers)', () => {
  it('should accept business days and refuse look-alikes', () => {
    for (const value of ['P15BD', 'P1BD', 'P0.5BD']) expect(isBusinessDays(value)).toBe(true);
    for (const value of ['P15D', '15BD', 'PBD', 'P1WBD', 'P-1BD', 'p3bd'])
      expect(isBusinessDays(value)).toBe(false);
  });

  it('should accept clock moments with an optional offset before or after the deadline', () => {
    for (const value of [
      'clock:finalResponse',
      'clock:finalResponse-P5BD',
      'clock:ack+PT2H',
      'clock:dsar-P1W',
    ])
      expect(isClockTimer(value)).toBe(true);
    for (const value of [
      'clock:',
      'clock:final response',
      'clock:x-5BD',
      'clock:x*P1D',
      'clock:1x',
      'finalResponse',
    ])
      expect(isClockTimer(value)).toBe(false);
  });
});
