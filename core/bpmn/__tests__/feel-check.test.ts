import { evaluate } from 'feelin';
import { checkFeel, feelStringLiteral, MAX_FEEL_ITERATIONS } from '../feel-check';

describe('checkFeel', () => {
  it.each([
    'remedyAmount > approvalLimit or severity = "high"',
    'surveyAnswer.satisfaction >= 3 and surveyAnswer.solved = true',
    'reopenCount >= 1',
    'sla.investigation',
    'if customer.locale = "fa" then "fa-update" else "update"',
    'count(for i in 1..100 return i) > 3',
    'some item in items satisfies item.price > 100',
    `for i in 1..${MAX_FEEL_ITERATIONS} return i`,
    'x in [1..1000000]',
  ])('should accept %s', (expression) => {
    expect(checkFeel(expression)).toEqual([]);
  });

  it.each([
    ['a >', /incomplete/],
    ['sla.(investigation', /syntax error at position 5/],
    ['${approved}', /syntax error/],
    ['', /empty/],
    ['x'.repeat(2_001), /2001 characters/],
    [`for i in 1..${MAX_FEEL_ITERATIONS + 1} return i`, /10001 iterations/],
    ['for i in -5000..5001 return i', /10002 iterations/],
    ['every i in 1..200, j in 1..200 satisfies i != j', /40000 iterations/],
    ['for i in 1..200 return for j in 1..200 return i', /40000 iterations/],
    ['for i in 1..n return i', /bounds are not number literals/],
    ['for i in [1..size] return i', /bounds are not number literals/],
    ['{f: function(n) f(n)}.f(1)', /function definitions are not supported/],
  ])('should refuse %s', (expression, problem) => {
    expect(checkFeel(expression)).toEqual([expect.stringMatching(problem)]);
  });

  it('should report a syntax error exactly when feelin refuses to evaluate', () => {
    // (`a b c` is not among them: FEEL names may contain spaces.)
    for (const expression of ['a >', 'a + ', '(a', 'a = "x', '{a: }']) {
      expect(() => evaluate(expression, {})).toThrow();
      expect(checkFeel(expression)[0]).toMatch(/syntax error/);
    }
  });
});

describe('feelStringLiteral', () => {
  it('should return the text of a lone string literal only', () => {
    expect(feelStringLiteral('"P3D"')).toBe('P3D');
    expect(feelStringLiteral('sla.x')).toBeUndefined();
    expect(feelStringLiteral('"P" + "3D"')).toBeUndefined();
  });
});
