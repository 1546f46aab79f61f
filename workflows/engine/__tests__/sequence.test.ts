import { EngineDefinitionError, EngineLoopError, EngineUsageError } from '../errors';
import { acceptsEvent, handleEvent, startInstance } from '../interpreter';
import type { EngineCommand } from '../types';
import {
  buildProcess,
  chain,
  DAY,
  end,
  flow,
  gateway,
  HOUR,
  Instance,
  serviceTask,
  start,
  T0,
  userTask,
} from './builders';

const sequence = buildProcess(
  [
    start('start', { stage: 'received' }),
    userTask('review', { name: 'Review complaint', stage: 'investigation' }),
    serviceTask('notify', 'sendEmail', { stage: 'investigation' }),
    end('done', { stage: 'closed' }),
  ],
  chain('start', 'review', 'notify', 'done'),
);

describe('a sequence', () => {
  it('should open the first user task and wait there', () => {
    // when
    const instance = new Instance(sequence, { customer: 'Ada' });

    // then
    expect(instance.last('openUserTask')).toEqual([
      {
        type: 'openUserTask',
        waitId: 'w2',
        elementId: 'review',
        name: 'Review complaint',
        candidateGroups: ['staff'],
      },
    ]);
    expect(instance.state).toMatchObject({
      tokens: [{ id: 't1', elementId: 'review', scope: 'root' }],
      waits: [{ id: 'w2', kind: 'userTask', elementId: 'review', tokenId: 't1' }],
      variables: { customer: 'Ada' },
      completed: false,
    });
  });

  it('should run to completion and emit completed once', () => {
    // given
    const instance = new Instance(sequence);

    // when
    instance.completeTask('review', { decision: 'accept' });
    instance.completeActivity('notify', { messageId: 'm-1' });

    // then
    expect(instance.state).toMatchObject({ tokens: [], waits: [], completed: true });
    expect(instance.state.variables).toEqual({ decision: 'accept', messageId: 'm-1' });
    expect(instance.log.filter((c) => c.type === 'completed')).toHaveLength(1);
  });

  it('should emit elementEntered / elementLeft for every element, in order', () => {
    // given
    const instance = new Instance(sequence);

    // when
    instance.completeTask('review');
    instance.completeActivity('notify');

    // then
    const trail = instance.log
      .filter((c) => c.type === 'elementEntered' || c.type === 'elementLeft')
      .map((c) => `${c.type === 'elementEntered' ? '>' : '<'}${'elementId' in c ? c.elementId : ''}`);
    expect(trail).toEqual(['>start', '<start', '>review', '<review', '>notify', '<notify', '>done', '<done']);
  });

  it('should emit stageChanged only when the stage differs', () => {
    // given
    const instance = new Instance(sequence);

    // when
    instance.completeTask('review');
    instance.completeActivity('notify');

    // then
    expect(instance.log.filter((c) => c.type === 'stageChanged')).toEqual([
      { type: 'stageChanged', to: 'received' },
      { type: 'stageChanged', from: 'received', to: 'investigation' },
      { type: 'stageChanged', from: 'investigation', to: 'closed' },
    ]);
    expect(instance.state.stage).toBe('closed');
  });

  it('should emit stageChanged right after the entry of the element that changes it', () => {
    // when
    const { commands } = startInstance(sequence, { type: 'start', now: T0, variables: {} });

    // then
    const entered = commands.findIndex((c) => c.type === 'elementEntered' && c.elementId === 'review');
    expect(commands[entered + 1]).toEqual({ type: 'stageChanged', from: 'received', to: 'investigation' });
  });

  it('should NOT mutate the state or the variables passed in', () => {
    // given
    const variables = { nested: { n: 1 } };
    const started = startInstance(sequence, { type: 'start', now: T0, variables });
    const snapshot = JSON.stringify(started.state);

    // when
    const waitId = started.state.waits[0]?.id ?? '';
    handleEvent(sequence, started.state, { type: 'userTaskCompleted', now: T0, waitId, variables: { x: 1 } });

    // then
    expect(JSON.stringify(started.state)).toBe(snapshot);
    started.state.variables.nested = 'changed';
    expect(variables.nested).toEqual({ n: 1 });
  });
});

describe('events that do not apply', () => {
  const stale = (instance: Instance, event: Parameters<typeof handleEvent>[2]): void => {
    const before = instance.state;
    const result = handleEvent(sequence, before, event);
    expect(result.state).toBe(before);
    expect(result.commands).toEqual([]);
  };

  it('should ignore an unknown waitId', () => {
    stale(new Instance(sequence), { type: 'timerFired', now: T0, waitId: 'w999' });
  });

  it('should ignore a waitId that was already answered', () => {
    // given
    const instance = new Instance(sequence);
    const waitId = instance.waitAt('review').id;
    instance.completeTask('review');

    // then
    stale(instance, { type: 'userTaskCompleted', now: T0, waitId, variables: { late: true } });
  });

  it('should ignore an event of another kind than its wait', () => {
    // given
    const instance = new Instance(sequence);
    const waitId = instance.waitAt('review').id;

    // then
    stale(instance, { type: 'activityCompleted', now: T0, waitId, result: {} });
    stale(instance, { type: 'timerFired', now: T0, waitId });
    stale(instance, { type: 'retryIncident', now: T0, waitId });
  });

  it('should ignore every event once the instance completed', () => {
    // given
    const instance = new Instance(sequence);
    instance.completeTask('review');
    instance.completeActivity('notify');

    // then
    stale(instance, { type: 'messageReceived', now: T0, name: 'late', variables: {} });
  });

  it('should tell through acceptsEvent whether an event applies', () => {
    // given
    const instance = new Instance(sequence);
    const waitId = instance.waitAt('review').id;

    // then
    expect(acceptsEvent(instance.state, { type: 'userTaskCompleted', now: T0, waitId, variables: {} })).toBe(
      true,
    );
    expect(acceptsEvent(instance.state, { type: 'activityCompleted', now: T0, waitId })).toBe(false);
    expect(acceptsEvent(instance.state, { type: 'timerFired', now: T0, waitId: 'nope' })).toBe(false);
    expect(acceptsEvent(instance.state, { type: 'messageReceived', now: T0, name: 'x', variables: {} })).toBe(
      true,
    );
  });
});

describe('programmer errors', () => {
  it('should throw EngineUsageError for a start event passed to handleEvent', () => {
    const { state } = startInstance(sequence, { type: 'start', now: T0, variables: {} });
    expect(() => handleEvent(sequence, state, { type: 'start', now: T0, variables: {} })).toThrow(
      EngineUsageError,
    );
  });

  it('should throw EngineDefinitionError for a flow to an unknown element', () => {
    const broken = buildProcess([start('s'), end('e')], chain('s', 'e'));
    const flowId = broken.elements.s?.outgoing[0] ?? '';
    broken.flows[flowId] = { id: flowId, source: 's', target: 'ghost' };
    expect(() => startInstance(broken, { type: 'start', now: T0, variables: {} })).toThrow(
      EngineDefinitionError,
    );
  });

  it('should throw EngineLoopError naming the element when gateways loop without a wait state', () => {
    // given: start → a → b → a … with no wait state in between
    const loop = buildProcess(
      [start('s'), gateway('a', 'exclusiveGateway'), gateway('b', 'exclusiveGateway')],
      [...chain('s', 'a', 'b'), flow('b', 'a')],
    );

    // then
    expect(() => startInstance(loop, { type: 'start', now: T0, variables: {} })).toThrow(EngineLoopError);
    expect(() => startInstance(loop, { type: 'start', now: T0, variables: {} })).toThrow(/"(a|b)"/);
  });
});

describe('implicit forks and merges', () => {
  it('should fork on several unconditioned outgoing flows of a task and merge exclusively into a task', () => {
    // given: a → (b, c); b → d; c → d (d runs once per arriving token)
    const model = buildProcess(
      [start('s'), userTask('a'), userTask('b'), userTask('c'), userTask('d'), end('e')],
      [...chain('s', 'a'), flow('a', 'b'), flow('a', 'c'), flow('b', 'd'), flow('c', 'd'), flow('d', 'e')],
    );
    const instance = new Instance(model);

    // when
    instance.completeTask('a');

    // then
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['b', 'c']);

    // when
    instance.completeTask('b');
    instance.completeTask('c');

    // then
    expect(instance.waitsAt('d')).toHaveLength(2);
    instance.send({
      type: 'userTaskCompleted',
      now: T0,
      waitId: instance.waitsAt('d')[0]?.id ?? '',
      variables: {},
    });
    instance.send({
      type: 'userTaskCompleted',
      now: T0,
      waitId: instance.waitsAt('d')[0]?.id ?? '',
      variables: {},
    });
    expect(instance.state.completed).toBe(true);
  });

  it('should consume the token of an element without outgoing flows (implicit end)', () => {
    const model = buildProcess([start('s'), userTask('a')], chain('s', 'a'));
    const instance = new Instance(model);
    instance.completeTask('a');
    expect(instance.state.completed).toBe(true);
  });
});

describe('user tasks', () => {
  const withTask = (definition: Record<string, unknown>) =>
    buildProcess(
      [start('s'), userTask('t', { userTask: { candidateGroups: [], ...definition } }), end('e')],
      chain('s', 't', 'e'),
    );

  it('should evaluate FEEL assignee, FEEL candidate groups (string or list) and a due date', () => {
    // given
    const model = withTask({
      assignee: '=owner.username',
      candidateGroups: ['complaints', '=region + "-team"', '=extraGroups'],
      dueIn: 'P3D',
      form: { components: [] },
    });

    // when
    const instance = new Instance(model, {
      owner: { username: 'maria' },
      region: 'north',
      extraGroups: ['legal', 'complaints'],
    });

    // then
    expect(instance.last('openUserTask')[0]).toEqual({
      type: 'openUserTask',
      waitId: 'w2',
      elementId: 't',
      name: 't',
      candidateGroups: ['complaints', 'north-team', 'legal'],
      assignee: 'maria',
      form: { components: [] },
      dueAt: T0 + 3 * DAY,
    });
  });

  it('should split a FEEL candidate-group string on commas and drop a null assignee', () => {
    const instance = new Instance(
      withTask({ assignee: '=nobody', candidateGroups: ['=groups'], dueIn: '=sla' }),
      {
        groups: 'a, b',
        sla: 'PT48H',
      },
    );
    const task = instance.last('openUserTask')[0];
    expect(task?.candidateGroups).toEqual(['a', 'b']);
    expect(task).not.toHaveProperty('assignee');
    expect(task?.dueAt).toBe(T0 + 48 * HOUR);
  });

  it('should merge the submitted variables at the top level', () => {
    const instance = new Instance(withTask({}), { a: 1, nested: { keep: true } });
    instance.completeTask('t', { b: 2, nested: { replaced: true } });
    expect(instance.state.variables).toEqual({ a: 1, b: 2, nested: { replaced: true } });
  });

  it('should raise an incident when a FEEL expression of the task fails, and retry it with corrected data', () => {
    // given
    const instance = new Instance(withTask({ candidateGroups: ['=groups'] }), { groups: 42 });

    // then
    expect(instance.last('incident')[0]?.message).toMatch(/candidate groups/);
    expect(instance.last('openUserTask')).toEqual([]);

    // when
    instance.retry('t', { groups: ['fixed'] });

    // then
    expect(instance.last('openUserTask')[0]?.candidateGroups).toEqual(['fixed']);
  });
});

describe('service tasks', () => {
  const model = buildProcess(
    [
      start('s'),
      serviceTask('mail', 'sendEmail', {
        serviceTask: {
          type: 'sendEmail',
          params: { to: '=customer.email', template: 'ack', amount: '=amount * 2' },
          resultVariable: 'mailResult',
        },
      }),
      serviceTask('classify', 'classify'),
      end('e'),
    ],
    chain('s', 'mail', 'classify', 'e'),
  );

  it('should resolve params through FEEL and keep literals as they are', () => {
    const instance = new Instance(model, { customer: { email: 'ada@example.org' }, amount: 21 });
    expect(instance.last('startActivity')).toEqual<EngineCommand[]>([
      {
        type: 'startActivity',
        waitId: 'w2',
        elementId: 'mail',
        taskType: 'sendEmail',
        params: { to: 'ada@example.org', template: 'ack', amount: 42 },
      },
    ]);
  });

  it('should store the result under resultVariable, or merge an object result at the top level', () => {
    const instance = new Instance(model, {});
    instance.completeActivity('mail', { id: 'x' });
    instance.completeActivity('classify', { category: 'billing' });
    expect(instance.state.variables).toMatchObject({ mailResult: { id: 'x' }, category: 'billing' });
  });

  it('should raise an incident when a param expression does not parse', () => {
    const broken = buildProcess(
      [
        start('s'),
        serviceTask('x', 'sendEmail', { serviceTask: { type: 'sendEmail', params: { to: '=1 +' } } }),
        end('e'),
      ],
      chain('s', 'x', 'e'),
    );
    const instance = new Instance(broken);
    expect(instance.last('incident')).toHaveLength(1);
    expect(instance.waitAt('x', 'incident').retry).toBe('enter');
  });
});

describe('determinism', () => {
  it('should produce deep-equal states and commands for the same events', () => {
    const run = () => {
      const instance = new Instance(sequence, { a: 1 });
      instance.advance(HOUR).completeTask('review', { b: 2 });
      instance.completeActivity('notify', { c: 3 });
      return { state: instance.state, log: instance.log };
    };
    expect(run()).toEqual(run());
  });
});
