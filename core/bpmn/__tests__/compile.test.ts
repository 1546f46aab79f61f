import { compileBpmn, KNOWN_TASK_TYPES, MAX_PROBLEMS, TASK_TYPE_PARAMS } from '../compile';
import type { CompiledProcess } from '../../../workflows/engine/types';
import { readFixture } from './fixtures';

async function compiled(name: string): Promise<CompiledProcess> {
  const result = await compileBpmn(readFixture(name));
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.errors)}`);
  return result.process;
}

describe('compileBpmn output', () => {
  it('should compile a linear process with flows and ids', async () => {
    // when
    const process = await compiled('good-minimal.bpmn');

    // then
    expect(process).toEqual({
      id: 'Process_1',
      startEventId: 'Start',
      elements: {
        Start: { id: 'Start', kind: 'startEvent', incoming: [], outgoing: ['Flow_0'] },
        Notify: {
          id: 'Notify',
          kind: 'serviceTask',
          incoming: ['Flow_0'],
          outgoing: ['Flow_1'],
          serviceTask: { type: 'notify', params: { template: 'acknowledgment' } },
        },
        End: { id: 'End', kind: 'endEvent', incoming: ['Flow_1'], outgoing: [], terminate: false },
      },
      flows: {
        Flow_0: { id: 'Flow_0', source: 'Start', target: 'Notify' },
        Flow_1: { id: 'Flow_1', source: 'Notify', target: 'End' },
      },
    });
  });

  it('should strip the = of conditions and keep the default flow', async () => {
    const process = await compiled('good-exclusive-gateway.bpmn');

    expect(process.elements.Decide).toMatchObject({ kind: 'exclusiveGateway', defaultFlow: 'Flow_small' });
    expect(process.flows.Flow_big?.condition).toBe('amount > 100 and severity = "high"');
    expect(process.flows.Flow_small?.condition).toBeUndefined();
  });

  it('should compile user tasks: candidate groups, FEEL kept with its =, due duration, parsed form', async () => {
    const review = (await compiled('good-user-task-form.bpmn')).elements.Review;
    const approve = (await compiled('good-user-task-cdata-form.bpmn')).elements.Approve;

    expect(review).toMatchObject({
      kind: 'userTask',
      name: 'Review',
      stage: 'investigation',
      userTask: {
        candidateGroups: ['agents', 'supervisors'],
        assignee: '=owner',
        dueIn: 'P2DT4H',
        form: { type: 'default', components: [{ type: 'textarea', key: 'findings', label: 'Findings' }] },
      },
    });
    expect(approve?.userTask?.candidateGroups).toEqual(['=approverGroups']);
  });

  it('should compile boundary timers with their host, kind and interrupting flag', async () => {
    const { elements } = await compiled('good-boundary-timers.bpmn');

    expect(elements.Work?.boundaryEvents).toEqual(['Reminder', 'Deadline']);
    expect(elements.Reminder).toMatchObject({
      kind: 'boundaryTimer',
      attachedTo: 'Work',
      cancelActivity: false,
      timer: { kind: 'cycle', expression: 'R3/P1D' },
      incoming: [],
    });
    expect(elements.Deadline).toMatchObject({
      cancelActivity: true,
      timer: { kind: 'duration', expression: '="P10D"' },
    });
  });

  it('should compile boundary errors with and without an error code', async () => {
    const { elements } = await compiled('good-boundary-error.bpmn');

    expect(elements.Failed).toMatchObject({
      kind: 'boundaryError',
      attachedTo: 'Call',
      errorCode: 'REJECTED',
    });
    expect(elements.AnyFailure?.kind).toBe('boundaryError');
    expect(elements.AnyFailure?.errorCode).toBeUndefined();
  });

  it('should flatten sub-processes with parentId and the sub-process start event', async () => {
    const { elements, flows } = await compiled('good-subprocess.bpmn');

    expect(elements.Sub).toMatchObject({
      kind: 'subProcess',
      startEventId: 'SubStart',
      boundaryEvents: ['SubTimeout', 'SubFailed'],
    });
    expect(elements.AskCustomer).toMatchObject({ kind: 'userTask', parentId: 'Sub' });
    expect(elements.Start?.parentId).toBeUndefined();
    expect(flows.SubFlow_1).toEqual({ id: 'SubFlow_1', source: 'SubStart', target: 'AskCustomer' });
  });

  it('should compile catch events, gateways and terminate ends', async () => {
    const events = (await compiled('good-event-based-gateway.bpmn')).elements;
    const timers = (await compiled('good-timer-catch.bpmn')).elements;
    const terminate = (await compiled('good-terminate-end.bpmn')).elements;

    expect(events.Wait?.kind).toBe('eventBasedGateway');
    expect(events.Answered).toMatchObject({ kind: 'messageCatch', messageName: 'surveyAnswered' });
    expect(events.TimedOut).toMatchObject({
      kind: 'timerCatch',
      timer: { kind: 'duration', expression: 'P7D' },
    });
    expect(timers.Wait?.timer).toEqual({ kind: 'date', expression: '2027-01-31T09:00:00+03:30' });
    expect(terminate.Stop).toMatchObject({ kind: 'endEvent', terminate: true });
    expect(terminate.Fork?.kind).toBe('parallelGateway');
  });

  it('should compile send tasks as service tasks with their result variable', async () => {
    const { elements } = await compiled('good-send-task.bpmn');

    expect(elements.Mail).toMatchObject({
      kind: 'serviceTask',
      serviceTask: {
        type: 'sendEmail',
        resultVariable: 'mailResult',
        params: { template: 'holding-reply', to: '=customer.email' },
      },
    });
  });

  it('should compile only the executable pool of a collaboration, ignoring artifacts and lanes', async () => {
    const collaboration = await compiled('good-collaboration.bpmn');
    const artifacts = await compiled('good-lanes-and-artifacts.bpmn');

    expect(collaboration.id).toBe('Process_1');
    expect(collaboration.elements.Complain).toBeUndefined();
    expect(Object.keys(artifacts.elements)).toEqual(['Start', 'Work', 'End']);
  });
});

describe('compileBpmn options', () => {
  it('should compile the process named by processId, and refuse an unknown one', async () => {
    // given
    const xml = readFixture('good-collaboration.bpmn');

    // when
    const customer = await compileBpmn(xml, { processId: 'Process_customer' });
    const missing = await compileBpmn(xml, { processId: 'nope' });

    // then
    expect(customer.ok).toBe(false);
    expect(customer.ok ? [] : customer.errors).toEqual([
      expect.objectContaining({ elementId: 'Complain', rule: 'supported-elements' }),
      expect.objectContaining({ elementId: 'Process_customer', rule: 'single-start-event' }),
      expect.objectContaining({ elementId: 'Complain', rule: 'can-complete' }),
    ]);
    expect(missing).toMatchObject({
      ok: false,
      errors: [{ elementId: '', message: expect.stringMatching(/Process_customer, Process_1/) }],
    });
  });

  it('should refuse several executable processes unless one is named', async () => {
    // given
    const xml = readFixture('good-minimal.bpmn').replace(
      '</bpmn:definitions>',
      '  <bpmn:process id="Process_2" isExecutable="true" />\n</bpmn:definitions>',
    );

    // then
    expect(await compileBpmn(xml)).toMatchObject({
      ok: false,
      errors: [{ message: expect.stringMatching(/2 executable processes/) }],
    });
    expect((await compileBpmn(xml, { processId: 'Process_1' })).ok).toBe(true);
  });

  it('should check task types against knownTaskTypes when given', async () => {
    const xml = readFixture('good-minimal.bpmn');

    const result = await compileBpmn(xml, { knownTaskTypes: ['sendEmail'] });

    expect(result).toMatchObject({
      ok: false,
      errors: [{ elementId: 'Notify', message: expect.stringMatching(/unknown redress:taskType "notify"/) }],
    });
  });

  it('should report every problem at once', async () => {
    // given a model with four unrelated mistakes
    const xml = readFixture('bad-timer-values.bpmn');

    // when
    const result = await compileBpmn(xml);

    // then
    expect(result.ok ? [] : result.errors.map((error) => error.elementId)).toEqual([
      'Days',
      'Date',
      'Local',
      'Literal',
      'Empty',
    ]);
  });

  it('should never throw, whatever the input', async () => {
    const inputs = [
      '',
      ' ',
      '<',
      '<a',
      '<?xml?>',
      '<a/>',
      'x'.repeat(100),
      '\u0000<bpmn:definitions/>',
      '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="P"><bpmn:sequenceFlow id="F" /></bpmn:process></bpmn:definitions>',
    ];
    for (const xml of inputs) {
      const result = await compileBpmn(xml);
      expect(result.ok).toBe(false);
    }
  });
});

describe('task type table', () => {
  it('should describe the parameters of every known task type', () => {
    expect(Object.keys(TASK_TYPE_PARAMS).sort()).toEqual([...KNOWN_TASK_TYPES].sort());
    expect(TASK_TYPE_PARAMS.notify).toEqual({ required: ['template'], optional: ['channels'] });
    expect(TASK_TYPE_PARAMS.callWebhook.required).toEqual(['url']);
  });
});

describe('compileBpmn limits', () => {
  it('should return at most MAX_PROBLEMS errors, then say how many more', async () => {
    // given 600 plain tasks in a row
    const tasks = Array.from({ length: 600 }, (_, index) => `<bpmn:task id="T${index}" />`).join('');
    const flows = Array.from(
      { length: 599 },
      (_, index) => `<bpmn:sequenceFlow id="F${index}" sourceRef="T${index}" targetRef="T${index + 1}" />`,
    ).join('');
    const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D"><bpmn:process id="P"><bpmn:startEvent id="S" /><bpmn:sequenceFlow id="FS" sourceRef="S" targetRef="T0" />${tasks}${flows}<bpmn:endEvent id="E" /><bpmn:sequenceFlow id="FE" sourceRef="T599" targetRef="E" /></bpmn:process></bpmn:definitions>`;

    // when
    const result = await compileBpmn(xml);

    // then
    const errors = result.ok ? [] : result.errors;
    expect(errors).toHaveLength(MAX_PROBLEMS + 1);
    expect(errors[MAX_PROBLEMS]).toEqual({ elementId: '', message: '… and 100 more' });
  });
});
