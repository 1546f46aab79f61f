import {
  boundaryTimer,
  buildProcess,
  chain,
  end,
  flow,
  Instance,
  start,
  subProcess,
  terminateEnd,
  userTask,
} from './builders';

/** start → sub(fork: a → sub.e, b → terminate|end) → after → e */
const withSub = (inner: 'terminate' | 'end') =>
  buildProcess(
    [
      start('s'),
      subProcess('sub', 'sub.s', { stage: 'investigation' }),
      boundaryTimer('subTimeout', 'sub', 'P10D'),
      start('sub.s', { parentId: 'sub' }),
      userTask('sub.a', { parentId: 'sub' }),
      userTask('sub.b', { parentId: 'sub' }),
      end('sub.e', { parentId: 'sub' }),
      inner === 'terminate'
        ? terminateEnd('sub.stop', { parentId: 'sub' })
        : end('sub.stop', { parentId: 'sub' }),
      userTask('after', { stage: 'resolution' }),
      userTask('timedOut'),
      end('e'),
    ],
    [
      ...chain('s', 'sub', 'after', 'e'),
      flow('sub.s', 'sub.a'),
      flow('sub.s', 'sub.b'),
      flow('sub.a', 'sub.e'),
      flow('sub.b', 'sub.stop'),
      ...chain('subTimeout', 'timedOut', 'e'),
    ],
  );

describe('embedded sub-process', () => {
  it('should create a scope instance named after the entering token and start its start event', () => {
    const instance = new Instance(withSub('end'));
    expect(instance.state.tokens).toEqual([
      { id: 't1', elementId: 'sub', scope: 'root' },
      { id: 't4', elementId: 'sub.a', scope: 't1' },
      { id: 't5', elementId: 'sub.b', scope: 't1' },
    ]);
    expect(instance.waitAt('sub')).toMatchObject({ kind: 'subProcess', tokenId: 't1' });
    expect(instance.state.stage).toBe('investigation');
  });

  it('should complete when its scope has nothing left, then leave along its outgoing flow', () => {
    // given
    const instance = new Instance(withSub('end'));

    // when
    instance.completeTask('sub.a');

    // then
    expect(instance.waitsAt('after')).toHaveLength(0);

    // when
    instance.completeTask('sub.b');

    // then
    expect(instance.waitsAt('after')).toHaveLength(1);
    expect(instance.waitsAt('sub')).toHaveLength(0);
    expect(instance.last('cancel')).toEqual([
      { type: 'cancel', waitId: 'w3', kind: 'timer', elementId: 'subTimeout' },
    ]);
    expect(instance.state.stage).toBe('resolution');
  });

  it('should end only the sub-process on a terminate end inside it, cancelling its other waits', () => {
    // given
    const instance = new Instance(withSub('terminate'));
    const taskA = instance.waitAt('sub.a').id;

    // when
    instance.completeTask('sub.b');

    // then
    expect(instance.last('cancel')).toEqual([
      { type: 'cancel', waitId: taskA, kind: 'userTask', elementId: 'sub.a' },
      { type: 'cancel', waitId: 'w3', kind: 'timer', elementId: 'subTimeout' },
    ]);
    expect(instance.state.completed).toBe(false);
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['after']);
    instance.completeTask('after');
    expect(instance.state.completed).toBe(true);
  });

  it('should cancel everything inside, nested sub-processes too, when an interrupting boundary fires', () => {
    // given
    const nested = buildProcess(
      [
        start('s'),
        subProcess('outer', 'outer.s'),
        boundaryTimer('timeout', 'outer', 'P1D'),
        start('outer.s', { parentId: 'outer' }),
        subProcess('inner', 'inner.s', { parentId: 'outer' }),
        start('inner.s', { parentId: 'inner' }),
        userTask('inner.t', { parentId: 'inner' }),
        boundaryTimer('inner.remind', 'inner.t', 'R/PT1H', false, { parentId: 'inner' }),
        end('inner.reminded', { parentId: 'inner' }),
        end('outer.e', { parentId: 'outer' }),
        userTask('late'),
        end('e'),
      ],
      [
        ...chain('s', 'outer', 'e'),
        ...chain('outer.s', 'inner', 'outer.e'),
        ...chain('inner.s', 'inner.t'),
        flow('inner.remind', 'inner.reminded'),
        ...chain('timeout', 'late'),
      ],
    );
    const instance = new Instance(nested);

    // when
    instance.fireTimer('timeout');

    // then
    expect(instance.last('cancel').map((c) => [c.kind, c.elementId])).toEqual([
      ['userTask', 'inner.t'],
      ['timer', 'inner.remind'],
    ]);
    expect(instance.state.tokens.map((t) => t.elementId)).toEqual(['late']);
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['late']);
    const left = instance.last('elementLeft').map((c) => c.elementId);
    expect(left).toEqual(expect.arrayContaining(['inner.t', 'inner', 'outer']));
  });
});

describe('terminate end event at the top level', () => {
  it('should cancel every wait and token and complete the instance', () => {
    // given
    const model = buildProcess(
      [
        start('s'),
        userTask('a'),
        subProcess('sub', 'sub.s'),
        start('sub.s', { parentId: 'sub' }),
        userTask('sub.t', { parentId: 'sub' }),
        userTask('b'),
        terminateEnd('kill'),
        end('e'),
      ],
      [
        flow('s', 'a'),
        flow('s', 'sub'),
        flow('s', 'b'),
        flow('a', 'e'),
        flow('sub', 'e'),
        ...chain('sub.s', 'sub.t'),
        flow('b', 'kill'),
      ],
    );
    const instance = new Instance(model);

    // when
    instance.completeTask('b');

    // then
    expect(instance.last('cancel').map((c) => c.elementId)).toEqual(['a', 'sub.t']);
    expect(instance.state).toMatchObject({ tokens: [], waits: [], completed: true });
    expect(instance.last('completed')).toHaveLength(1);
  });
});
