import {
  buildProcess,
  chain,
  end,
  flow,
  HOUR,
  Instance,
  messageCatch,
  start,
  T0,
  timerCatch,
  userTask,
} from './builders';

const model = buildProcess(
  [start('s'), userTask('ack'), messageCatch('waitReply', 'customerReply'), userTask('read'), end('e')],
  chain('s', 'ack', 'waitReply', 'read', 'e'),
);

describe('message catch events', () => {
  it('should wait for a message of that name and merge its variables', () => {
    // given
    const instance = new Instance(model);
    instance.completeTask('ack');
    expect(instance.waitAt('waitReply')).toMatchObject({ kind: 'message', messageName: 'customerReply' });

    // when
    instance.message('customerReply', { reply: 'ok' });

    // then
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['read']);
    expect(instance.state.variables).toEqual({ reply: 'ok' });
  });

  it('should keep a message that arrives before its catch and deliver it to the catch when reached', () => {
    // given
    const instance = new Instance(model);

    // when
    instance.message('customerReply', { reply: 'early' });

    // then
    expect(instance.state.pendingMessages).toEqual([
      { name: 'customerReply', variables: { reply: 'early' } },
    ]);
    expect(instance.state.variables).toEqual({});

    // when
    instance.completeTask('ack');

    // then
    expect(instance.state.pendingMessages).toEqual([]);
    expect(instance.state.variables).toEqual({ reply: 'early' });
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['read']);
  });

  it('should NOT deliver a message of another name', () => {
    const instance = new Instance(model);
    instance.completeTask('ack');
    instance.message('somethingElse', {});
    expect(instance.waitsAt('waitReply', 'message')).toHaveLength(1);
    expect(instance.state.pendingMessages).toEqual([{ name: 'somethingElse', variables: {} }]);
  });

  it('should deliver one message to one catch: the one that waits longest, the next message to the next', () => {
    // given: two branches wait for the same message
    const twice = buildProcess(
      [
        start('s'),
        messageCatch('m1', 'doc'),
        messageCatch('m2', 'doc'),
        userTask('after1'),
        userTask('after2'),
      ],
      [flow('s', 'm1'), flow('s', 'm2'), flow('m1', 'after1'), flow('m2', 'after2')],
    );
    const instance = new Instance(twice);

    // when
    instance.message('doc', { n: 1 });

    // then
    expect(instance.waitsAt('m1')).toHaveLength(0);
    expect(instance.waitsAt('m2')).toHaveLength(1);

    // when
    instance.message('doc', { n: 2 });

    // then
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['after1', 'after2']);
    expect(instance.state.variables).toEqual({ n: 2 });
  });

  it('should consume queued messages in the order they arrived', () => {
    const instance = new Instance(model);
    instance.message('customerReply', { n: 1 });
    instance.message('customerReply', { n: 2 });
    instance.completeTask('ack');
    expect(instance.state.variables).toEqual({ n: 1 });
    expect(instance.state.pendingMessages).toEqual([{ name: 'customerReply', variables: { n: 2 } }]);
  });
});

describe('timer catch events', () => {
  const waitFor = (expression: string) =>
    buildProcess(
      [start('s'), timerCatch('pause', expression), userTask('next'), end('e')],
      chain('s', 'pause', 'next', 'e'),
    );

  it('should start a timer for a duration and move on when it fires', () => {
    // given
    const instance = new Instance(waitFor('PT4H'));
    expect(instance.last('startTimer')).toEqual([
      { type: 'startTimer', waitId: 'w2', elementId: 'pause', fireAt: T0 + 4 * HOUR },
    ]);

    // when
    instance.fireTimer('pause');

    // then
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['next']);
  });

  it('should fire at an absolute date, given literally or through FEEL', () => {
    expect(new Instance(waitFor('2026-01-02T09:00:00Z')).last('startTimer')[0]?.fireAt).toBe(T0 + 24 * HOUR);
    const viaFeel = new Instance(waitFor('=date and time(reviewDate) + duration("PT1H")'), {
      reviewDate: '2026-01-05T10:00:00Z',
    });
    expect(viaFeel.last('startTimer')[0]?.fireAt).toBe(Date.UTC(2026, 0, 5, 11));
  });

  it('should raise an incident for an expression that is no timer, and arm it once retried with good data', () => {
    // given
    const instance = new Instance(waitFor('=pause'), { pause: 'soon' });
    expect(instance.last('incident')[0]?.message).toMatch(/"pause".*soon/);

    // when
    instance.retry('pause', { pause: 'PT1H' });

    // then
    expect(instance.last('startTimer')).toHaveLength(1);
    expect(instance.waitAt('pause', 'timer').fireAt).toBe(T0 + HOUR);
  });
});
