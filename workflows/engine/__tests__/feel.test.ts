import { FeelEvaluationError } from '../errors';
import { evaluateCondition, evaluateExpression, evaluateUnaryTest, resolveValue, toPlainJson } from '../feel';

describe('evaluateExpression', () => {
  it('should read nested variables and tolerate a leading =', () => {
    const variables = { complaint: { amount: 120, customer: { name: 'Ada' } } };
    expect(evaluateExpression('complaint.amount * 2', variables)).toBe(240);
    expect(evaluateExpression('=complaint.customer.name', variables)).toBe('Ada');
  });

  it('should return plain JSON: ISO strings for dates and durations, nested too', () => {
    const value = evaluateExpression(
      '{due: date and time("2026-01-01T09:00:00Z") + duration("P1D"), wait: duration("PT48H"), day: date("2026-03-01"), list: [1, null]}',
      {},
    );
    expect(value).toEqual({ due: '2026-01-02T09:00:00Z', wait: 'P2D', day: '2026-03-01', list: [1, null] });
    expect(JSON.parse(JSON.stringify(value))).toEqual(value);
  });

  it('should turn functions, ranges and non-finite numbers into JSON-safe values', () => {
    expect(evaluateExpression('function(x) x + 1', {})).toBeNull();
    expect(evaluateExpression('[1..3]', {})).toEqual({
      start: 1,
      end: 3,
      'start included': true,
      'end included': true,
    });
    expect(evaluateExpression('10 ** 400', {})).toBeNull();
  });

  it('should return null for a missing variable', () => {
    expect(evaluateExpression('missing.deep', {})).toBeNull();
  });

  it('should throw FeelEvaluationError for an expression that does not parse', () => {
    expect(() => evaluateExpression('1 +', {})).toThrow(FeelEvaluationError);
  });

  it('should NOT reach prototypes through variables', () => {
    expect(evaluateExpression('x.constructor', { x: {} })).toBeNull();
  });

  it('should keep a __proto__ key of a context as plain data', () => {
    const value = toPlainJson(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('evaluateCondition', () => {
  it.each([
    ['amount > 100', { amount: 150 }, true],
    ['amount > 100', { amount: 50 }, false],
    ['amount > 100', {}, false],
    ['"yes"', {}, false],
    ['null', {}, false],
    ['flags.vip', { flags: { vip: true } }, true],
  ])('should evaluate %s over %j to %s', (expression, variables, expected) => {
    expect(evaluateCondition(expression, variables)).toBe(expected);
  });
});

describe('resolveValue', () => {
  it('should evaluate =FEEL and keep anything else as the literal string', () => {
    expect(resolveValue('=a + 1', { a: 1 })).toBe(2);
    expect(resolveValue('a + 1', { a: 1 })).toBe('a + 1');
    expect(resolveValue('', {})).toBe('');
  });
});

describe('evaluateUnaryTest', () => {
  it('should test an input against a unary test', () => {
    expect(evaluateUnaryTest('> 3', 5, {})).toBe(true);
    expect(evaluateUnaryTest('"a", "b"', 'c', {})).toBe(false);
    expect(evaluateUnaryTest('[1..limit]', 4, { limit: 10 })).toBe(true);
  });
});
