import { readdirSync } from 'node:fs';
import { compileBpmn } from '../compile';
import { FIXTURES_DIR, loadExpectations, problemKeys, readFixture } from './fixtures';

// The fixture corpus: every good model compiles, every bad one fails with exactly the (rule, element)
// pairs listed in fixtures/expected.json. The bpmnlint rules are checked against the same corpus.
describe('fixture corpus', () => {
  const expectations = loadExpectations();

  it('should list every .bpmn fixture in expected.json', () => {
    const files = readdirSync(FIXTURES_DIR).filter((file) => file.endsWith('.bpmn'));
    expect(expectations.map(([name]) => name).sort()).toEqual(files.sort());
  });

  it.each(expectations)('%s', async (name, expected) => {
    // given
    const xml = readFixture(name);

    // when
    const result = await compileBpmn(xml);

    // then
    if (expected.errors.length === 0) {
      expect(result.ok ? [] : result.errors).toEqual([]);
    } else {
      expect(result.ok).toBe(false);
    }
    expect(problemKeys(result.ok ? [] : result.errors)).toEqual(problemKeys(expected.errors));
    expect(problemKeys(result.warnings)).toEqual(problemKeys(expected.warnings));
    for (const problem of result.ok ? result.warnings : [...result.errors, ...result.warnings]) {
      expect(problem.message).toMatch(/\S/);
    }
  });
});
