import { parseExpression } from 'feelin';
test('probe', () => {
  for (const e of ['for i in 1..100000 return i', 'for i in 1..10, j in [1..n] return i', 'some x in -5..5 satisfies x > 1', '{f: function(n) f(n)}.f(1)', 'remedyAmount > approvalLimit or severity = "high"', 'survey.answer.satisfaction >= 3 and survey.answer.solved = true', '"R2/P3D"', 'sla.investigation', 'x in [1..5]', '1..5', 'for i in 1..1e5 return i', 'for i in 10000000000000000000000..1 return i']) {
    console.log(e, '\n', parseExpression(e, {}, undefined).toString());
  }
});
