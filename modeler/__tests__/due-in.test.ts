import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import { compileBpmn } from '../../core/bpmn/compile';
import redressDescriptor from '../../core/bpmn/redress.moddle.json';
import { staticLintResolver, MODELER_LINT_CONFIG } from '../lint/lint-config';
import { validateDueIn } from '../src/properties/due-in';

const moddle = new BpmnModdle({ redress: redressDescriptor });
const linter = new Linter({ config: MODELER_LINT_CONFIG, resolver: staticLintResolver });

/** A one-task model whose user task is due in `dueIn`. */
const modelDueIn = (dueIn: string): string =>
  readFileSync(path.join(__dirname, 'fixtures/bad-due-in.bpmn'), 'utf8').replace(
    'redress:dueIn="3 days"',
    `redress:dueIn="${dueIn}"`,
  );

/** Messages Redress's lint rules (the modeler's configuration, as bundled) report on the task. */
async function lintMessages(xml: string): Promise<string[]> {
  const { rootElement } = await moddle.fromXML(xml, 'bpmn:Definitions');
  const results = await linter.lint(rootElement);
  return Object.entries(results)
    .filter(([rule]) => rule.startsWith('redress/'))
    .flatMap(([, reports]) => reports)
    .filter((r) => r.id === 'task')
    .map((r) => r.message);
}

describe("the user task's due-date field (Due in (SLA))", () => {
  it.each([
    'P15BD',
    'clock:finalResponse-P5BD',
    'clock:finalResponse',
    'clock:finalResponse+PT2H',
    'P3D',
    'PT8H',
  ])('should accept %s, as the lint rule and the deploy do', async (dueIn) => {
    // given a due date in a syntax the interpreter schedules
    // when the field, the modeler's lint and the deploy check it
    const field = validateDueIn(dueIn);
    const lint = await lintMessages(modelDueIn(dueIn));
    const deploy = await compileBpmn(modelDueIn(dueIn));
    // then none of them objects
    expect(field).toBeNull();
    expect(lint).toEqual([]);
    expect(deploy.ok ? [] : deploy.errors).toEqual([]);
  });

  it.each(['3 days', 'P15XD', 'clock:', 'clock:finalResponse-5BD', 'P-2BD'])(
    'should NOT accept %s, in the words of the deploy',
    async (dueIn) => {
      // given a due date the interpreter cannot schedule
      // when the field and the deploy check it
      const field = validateDueIn(dueIn);
      const deploy = await compileBpmn(modelDueIn(dueIn));
      // then the field shows the deploy's own refusal, and the lint rule reports it on the task
      expect(deploy.ok).toBe(false);
      const refusal = deploy.ok ? '' : deploy.errors.find((e) => e.elementId === 'task')!.message;
      expect(field).toBe(refusal);
      expect(await lintMessages(modelDueIn(dueIn))).toContain(refusal);
    },
  );

  it('should check a =FEEL due date as FEEL and leave an empty field alone', () => {
    expect(validateDueIn('=sla.investigation')).toBeNull();
    expect(validateDueIn('=sla.')).toMatch(/./);
    expect(validateDueIn('')).toBeNull();
    expect(validateDueIn(undefined)).toBeNull();
  });
});
