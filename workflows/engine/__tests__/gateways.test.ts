import {
  buildProcess,
  chain,
  end,
  flow,
  gateway,
  HOUR,
  Instance,
  messageCatch,
  start,
  subProcess,
  timerCatch,
  userTask,
} from './builders';

describe('exclusive gateway', () => {
  const model = buildProcess(
    [
      start('s'),
      gateway('decide', 'exclusiveGateway', { name: 'Amount?' }),
      userTask('big'),
      userTask('small'),
      userTask('other'),
      end('e'),
    ],
    [
      ...chain('s', 'decide'),
      flow('decide', 'big', { condition: 'amount > 1000' }),
      flow('decide', 'small', { condition: 'amount > 0' }),
      flow('decide', 'other', { isDefault: true }),
      flow('big', 'e'),
      flow('small', 'e'),
      flow('other', 'e'),
    ],
  );

  it('should take the first flow in outgoing order whose condition is true', () => {
    const instance = new Instance(model, { amount: 5000 });
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['big']);
  });

  it('should take the default flow when no condition is true', () => {
    const instance = new Instance(model, { amount: -1 });
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['other']);
  });

  it('should take the default flow when the variable is missing (null is false)', () => {
    const instance = new Instance(model, {});
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['other']);
  });

  it('should count an unconditioned non-default flow as true', () => {
    const open = buildProcess(
      [start('s'), gateway('g', 'exclusiveGateway'), userTask('a'), userTask('b')],
      [
        ...chain('s', 'g'),
        flow('g', 'a', { condition: 'false' }),
        flow('g', 'b'),
        flow('a', 'b', { isDefault: true }),
      ],
    );
    expect(new Instance(open).state.waits.map((w) => w.elementId)).toEqual(['b']);
  });

  it('should evaluate FEEL conditions over nested variables', () => {
    const nested = buildProcess(
      [start('s'), gateway('g', 'exclusiveGateway'), userTask('vip'), userTask('normal')],
      [
        ...chain('s', 'g'),
        flow('g', 'vip', {
          condition: 'complaint.customer.tier = "gold" and list contains(complaint.tags, "urgent")',
        }),
        flow('g', 'normal', { isDefault: true }),
      ],
    );
    const vip = new Instance(nested, {
      complaint: { customer: { tier: 'gold' }, tags: ['urgent', 'billing'] },
    });
    const normal = new Instance(nested, { complaint: { customer: { tier: 'gold' }, tags: ['billing'] } });
    expect(vip.state.waits[0]?.elementId).toBe('vip');
    expect(normal.state.waits[0]?.elementId).toBe('normal');
  });

  describe('with no matching flow and no default', () => {
    const strict = buildProcess(
      [start('s'), gateway('g', 'exclusiveGateway', { name: 'Route' }), userTask('a'), end('e')],
      [...chain('s', 'g'), flow('g', 'a', { condition: 'ok = true' }), flow('a', 'e')],
    );

    it('should raise an incident naming the gateway and keep the token there', () => {
      const instance = new Instance(strict, { ok: false });
      const [incident] = instance.last('incident');
      expect(incident?.elementId).toBe('g');
      expect(incident?.message).toMatch(/"Route" \(g\)/);
      expect(instance.state.tokens).toEqual([{ id: 't1', elementId: 'g', scope: 'root' }]);
      expect(instance.waitAt('g', 'incident')).toMatchObject({ retry: 'leave' });
    });

    it('should re-evaluate on retryIncident after the variables changed', () => {
      const instance = new Instance(strict, { ok: false });
      instance.retry('g', { ok: true });
      expect(instance.state.waits.map((w) => [w.elementId, w.kind])).toEqual([['a', 'userTask']]);
    });

    it('should raise a new incident with a new waitId when a retry still finds no flow', () => {
      const instance = new Instance(strict, { ok: false });
      const first = instance.waitAt('g', 'incident').id;
      instance.retry('g');
      const second = instance.waitAt('g', 'incident').id;
      expect(second).not.toBe(first);
      expect(instance.last('incident')).toHaveLength(1);
    });

    it('should raise an incident for a condition that does not parse', () => {
      const broken = buildProcess(
        [start('s'), gateway('g', 'exclusiveGateway'), end('e')],
        [...chain('s', 'g'), flow('g', 'e', { condition: 'amount >' })],
      );
      expect(new Instance(broken).last('incident')[0]?.message).toMatch(/amount >/);
    });
  });
});

describe('parallel gateway', () => {
  const model = buildProcess(
    [
      start('s'),
      gateway('fork', 'parallelGateway'),
      userTask('a'),
      userTask('b'),
      userTask('c'),
      gateway('join', 'parallelGateway'),
      userTask('after'),
      end('e'),
    ],
    [
      ...chain('s', 'fork'),
      flow('fork', 'a'),
      flow('fork', 'b', { condition: 'false' }), // conditions are ignored on a parallel gateway
      flow('fork', 'c'),
      flow('a', 'join'),
      flow('b', 'join'),
      flow('c', 'join'),
      ...chain('join', 'after', 'e'),
    ],
  );

  it('should fork to every outgoing flow', () => {
    const instance = new Instance(model);
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['a', 'b', 'c']);
    expect(new Set(instance.state.tokens.map((t) => t.id)).size).toBe(3);
  });

  it('should wait at the join until a token arrived on every incoming flow', () => {
    // given
    const instance = new Instance(model);

    // when
    instance.completeTask('b');
    instance.completeTask('a');

    // then
    expect(instance.waitsAt('after')).toHaveLength(0);
    expect(instance.state.joins).toEqual({ 'root|join': ['b->join', 'a->join'] });

    // when
    instance.completeTask('c');

    // then
    expect(instance.waitsAt('after')).toHaveLength(1);
    expect(instance.state.joins).toEqual({});
    instance.completeTask('after');
    expect(instance.state.completed).toBe(true);
  });

  it('should queue a second token on the same flow for the next round, and raise an incident if it can never fire', () => {
    // given: two tokens reach the join through m, one through b
    const queued = buildProcess(
      [
        start('s'),
        gateway('fork', 'parallelGateway'),
        userTask('a1'),
        userTask('a2'),
        userTask('b'),
        gateway('m', 'exclusiveGateway'),
        gateway('join', 'parallelGateway'),
        userTask('after'),
        end('e'),
      ],
      [
        ...chain('s', 'fork'),
        flow('fork', 'a1'),
        flow('fork', 'a2'),
        flow('fork', 'b'),
        flow('a1', 'm'),
        flow('a2', 'm'),
        flow('m', 'join'),
        flow('b', 'join'),
        ...chain('join', 'after', 'e'),
      ],
    );
    const instance = new Instance(queued);

    // when
    instance.completeTask('a1');
    instance.completeTask('a2');
    instance.completeTask('b');

    // then: one round fired, the extra arrival waits for the next
    expect(instance.waitsAt('after')).toHaveLength(1);
    expect(instance.state.joins).toEqual({ 'root|join': ['m->join'] });

    // when
    instance.completeTask('after');

    // then: nothing can bring the missing token: an incident instead of a silent completion
    expect(instance.state.completed).toBe(false);
    expect(instance.last('incident')[0]?.message).toMatch(/can never fire.*b->join/);
  });

  it('should raise the can-never-fire incident again when it is retried and still stuck', () => {
    // given: a join whose second branch can turn away from it
    const stuck = buildProcess(
      [
        start('s'),
        gateway('fork', 'parallelGateway'),
        userTask('a'),
        userTask('b'),
        gateway('route', 'exclusiveGateway'),
        gateway('join', 'parallelGateway'),
        end('e'),
        end('lost'),
      ],
      [
        ...chain('s', 'fork'),
        flow('fork', 'a'),
        flow('fork', 'b'),
        flow('a', 'join'),
        flow('b', 'route'),
        flow('route', 'join', { condition: 'false' }),
        flow('route', 'lost', { isDefault: true }),
        flow('join', 'e'),
      ],
    );
    const instance = new Instance(stuck);
    instance.completeTask('a');
    instance.completeTask('b');
    const first = instance.waitAt('join', 'incident').id;

    // when
    instance.retry('join');

    // then
    expect(instance.waitAt('join', 'incident').id).not.toBe(first);
    expect(instance.state.completed).toBe(false);
  });

  it('should keep join arrivals apart per scope instance', () => {
    // given: the same sub-process runs twice in parallel, each with its own fork/join inside
    const perScope = buildProcess(
      [
        start('s'),
        gateway('fork', 'parallelGateway'),
        subProcess('sub', 'sub.s'),
        start('sub.s', { parentId: 'sub' }),
        gateway('sub.fork', 'parallelGateway', { parentId: 'sub' }),
        userTask('sub.a', { parentId: 'sub' }),
        userTask('sub.b', { parentId: 'sub' }),
        gateway('sub.join', 'parallelGateway', { parentId: 'sub' }),
        end('sub.e', { parentId: 'sub' }),
        end('e'),
      ],
      [
        ...chain('s', 'fork'),
        flow('fork', 'sub'),
        flow('fork', 'sub'),
        flow('sub', 'e'),
        ...chain('sub.s', 'sub.fork'),
        flow('sub.fork', 'sub.a'),
        flow('sub.fork', 'sub.b'),
        flow('sub.a', 'sub.join'),
        flow('sub.b', 'sub.join'),
        flow('sub.join', 'sub.e'),
      ],
    );
    const instance = new Instance(perScope);
    const [a1, a2] = instance.waitsAt('sub.a');
    const [b1] = instance.waitsAt('sub.b');

    // when: a of both instances, b of the first only
    for (const wait of [a1, a2, b1]) {
      instance.send({ type: 'userTaskCompleted', now: instance.now, waitId: wait?.id ?? '', variables: {} });
    }

    // then: only the first instance finished
    expect(instance.waitsAt('sub', 'subProcess')).toHaveLength(1);
    expect(Object.values(instance.state.joins)).toEqual([['sub.a->sub.join']]);
    instance.completeTask('sub.b');
    expect(instance.state.completed).toBe(true);
  });
});

describe('inclusive gateway', () => {
  const model = buildProcess(
    [
      start('s'),
      gateway('fork', 'inclusiveGateway'),
      userTask('refund'),
      userTask('apology'),
      userTask('review'),
      gateway('join', 'inclusiveGateway'),
      userTask('after'),
      end('e'),
    ],
    [
      ...chain('s', 'fork'),
      flow('fork', 'refund', { condition: 'wantsRefund' }),
      flow('fork', 'apology', { condition: 'wantsApology' }),
      flow('fork', 'review', { isDefault: true }),
      flow('refund', 'join'),
      flow('apology', 'join'),
      flow('review', 'join'),
      ...chain('join', 'after', 'e'),
    ],
  );

  it('should fork on every true condition, and the join should wait for all of them', () => {
    // given
    const instance = new Instance(model, { wantsRefund: true, wantsApology: true });
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['refund', 'apology']);

    // when
    instance.completeTask('apology');

    // then
    expect(instance.waitsAt('after')).toHaveLength(0);

    // when
    instance.completeTask('refund');

    // then
    expect(instance.waitsAt('after')).toHaveLength(1);
  });

  it('should fire the join when the only branch taken arrives (a branch not taken)', () => {
    const instance = new Instance(model, { wantsRefund: true, wantsApology: false });
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['refund']);
    instance.completeTask('refund');
    expect(instance.waitsAt('after')).toHaveLength(1);
    expect(instance.state.joins).toEqual({});
  });

  it('should take the default flow when no condition is true', () => {
    const instance = new Instance(model, { wantsRefund: false });
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['review']);
    instance.completeTask('review');
    instance.completeTask('after');
    expect(instance.state.completed).toBe(true);
  });

  it('should raise an incident when no condition is true and there is no default', () => {
    const strict = buildProcess(
      [start('s'), gateway('fork', 'inclusiveGateway', { name: 'Remedies' }), userTask('a'), userTask('b')],
      [
        ...chain('s', 'fork'),
        flow('fork', 'a', { condition: 'x > 1' }),
        flow('fork', 'b', { condition: 'x > 2' }),
      ],
    );
    const instance = new Instance(strict, { x: 0 });
    expect(instance.last('incident')[0]?.message).toBe(
      'No outgoing flow of inclusive gateway "Remedies" (fork) matched and it has no default flow',
    );
    instance.retry('fork', { x: 5 });
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['a', 'b']);
  });

  it('should wait for a token still upstream when an empty branch arrives at once', () => {
    // given: fork → join directly, and fork → task → join
    const shortcut = buildProcess(
      [
        start('s'),
        gateway('fork', 'inclusiveGateway'),
        userTask('task'),
        gateway('join', 'inclusiveGateway'),
        userTask('after'),
      ],
      [
        ...chain('s', 'fork'),
        flow('fork', 'join'),
        flow('fork', 'task'),
        flow('task', 'join'),
        flow('join', 'after'),
      ],
    );
    const instance = new Instance(shortcut);

    // then
    expect(instance.state.joins).toEqual({ 'root|join': ['fork->join'] });
    expect(instance.waitsAt('after')).toHaveLength(0);

    // when
    instance.completeTask('task');

    // then
    expect(instance.waitsAt('after')).toHaveLength(1);
  });

  it('should NOT wait for a token that can no longer reach the join', () => {
    // given: x → join or x → elsewhere; the token takes the way around the join
    const around = buildProcess(
      [
        start('s'),
        gateway('fork', 'inclusiveGateway'),
        userTask('a'),
        userTask('x'),
        gateway('join', 'inclusiveGateway'),
        userTask('elsewhere'),
        userTask('after'),
      ],
      [
        ...chain('s', 'fork'),
        flow('fork', 'a'),
        flow('fork', 'x'),
        flow('a', 'join'),
        flow('x', 'join', { condition: 'viaJoin' }),
        flow('x', 'elsewhere', { isDefault: true }),
        flow('join', 'after'),
      ],
    );
    const instance = new Instance(around, { viaJoin: false });

    // when
    instance.completeTask('a');

    // then: x can still reach the join
    expect(instance.waitsAt('after')).toHaveLength(0);

    // when
    instance.completeTask('x');

    // then: x went elsewhere, so the join fires
    expect(instance.waitsAt('after')).toHaveLength(1);
    expect(instance.waitsAt('elsewhere')).toHaveLength(1);
  });

  it('should count a token reaching the join through a boundary event as upstream', () => {
    const viaBoundary = buildProcess(
      [
        start('s'),
        gateway('fork', 'inclusiveGateway'),
        userTask('a'),
        userTask('b'),
        {
          id: 'escalate',
          kind: 'boundaryTimer',
          attachedTo: 'b',
          cancelActivity: true,
          timer: { kind: 'duration', expression: 'PT1H' },
        },
        gateway('join', 'inclusiveGateway'),
        userTask('after'),
        end('e'),
      ],
      [
        ...chain('s', 'fork'),
        flow('fork', 'a'),
        flow('fork', 'b'),
        flow('a', 'join'),
        flow('b', 'e'),
        flow('escalate', 'join'),
        flow('join', 'after'),
      ],
    );
    const instance = new Instance(viaBoundary);
    instance.completeTask('a');
    expect(instance.waitsAt('after')).toHaveLength(0);
    instance.fireTimer('escalate');
    expect(instance.waitsAt('after')).toHaveLength(1);
  });
});

describe('event-based gateway', () => {
  const model = buildProcess(
    [
      start('s'),
      gateway('race', 'eventBasedGateway'),
      messageCatch('reply', 'customerReply'),
      timerCatch('timeout', 'PT72H'),
      userTask('handleReply'),
      userTask('chase'),
      end('e'),
    ],
    [
      ...chain('s', 'race'),
      flow('race', 'reply'),
      flow('race', 'timeout'),
      flow('reply', 'handleReply'),
      flow('timeout', 'chase'),
      flow('handleReply', 'e'),
      flow('chase', 'e'),
    ],
  );

  it('should arm every following catch event as one wait group', () => {
    const instance = new Instance(model);
    const [message, timer] = instance.state.waits;
    expect(message).toMatchObject({ kind: 'message', elementId: 'reply', messageName: 'customerReply' });
    expect(timer).toMatchObject({ kind: 'timer', elementId: 'timeout', fireAt: instance.now + 72 * HOUR });
    expect(message?.group).toBeDefined();
    expect(message?.group).toBe(timer?.group);
    expect(instance.last('startTimer')).toHaveLength(1);
  });

  it('should cancel the timer when the message wins', () => {
    // given
    const instance = new Instance(model);
    const timerId = instance.waitAt('timeout').id;

    // when
    instance.message('customerReply', { reply: 'thanks' });

    // then
    expect(instance.last('cancel')).toEqual([
      { type: 'cancel', waitId: timerId, kind: 'timer', elementId: 'timeout' },
    ]);
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['handleReply']);
    expect(instance.state.variables).toEqual({ reply: 'thanks' });
    expect(instance.entered()).toEqual(['s', 'race', 'reply', 'handleReply']);
  });

  it('should drop the message wait when the timer wins', () => {
    // given
    const instance = new Instance(model);
    const messageWaitId = instance.waitAt('reply').id;

    // when
    instance.fireTimer('timeout');

    // then
    expect(instance.last('cancel')).toEqual([
      { type: 'cancel', waitId: messageWaitId, kind: 'message', elementId: 'reply' },
    ]);
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['chase']);

    // and a late message is kept, not lost
    instance.message('customerReply', {});
    expect(instance.state.pendingMessages).toEqual([{ name: 'customerReply', variables: {} }]);
  });

  it('should let a message that arrived earlier win at once, without starting the timer', () => {
    // given: the message arrives while the instance is still at an earlier task
    const earlier = buildProcess(
      [
        start('s'),
        userTask('first'),
        gateway('race', 'eventBasedGateway'),
        messageCatch('reply', 'customerReply'),
        timerCatch('timeout', 'PT72H'),
        userTask('handleReply'),
        userTask('chase'),
      ],
      [
        ...chain('s', 'first', 'race'),
        flow('race', 'reply'),
        flow('race', 'timeout'),
        flow('reply', 'handleReply'),
        flow('timeout', 'chase'),
      ],
    );
    const instance = new Instance(earlier);
    instance.message('customerReply', { early: true });

    // when
    instance.completeTask('first');

    // then
    expect(instance.last('startTimer')).toEqual([]);
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['handleReply']);
    expect(instance.state.pendingMessages).toEqual([]);
    expect(instance.state.variables).toEqual({ early: true });
  });
});

describe('conditional flows out of a task', () => {
  it('should take every true conditional flow, else the default', () => {
    const model = buildProcess(
      [start('s'), userTask('triage'), userTask('legal'), userTask('finance'), userTask('standard')],
      [
        ...chain('s', 'triage'),
        flow('triage', 'legal', { condition: 'legal' }),
        flow('triage', 'finance', { condition: 'amount > 100' }),
        flow('triage', 'standard', { isDefault: true }),
      ],
    );
    const both = new Instance(model);
    both.completeTask('triage', { legal: true, amount: 500 });
    expect(both.state.waits.map((w) => w.elementId)).toEqual(['legal', 'finance']);
    const neither = new Instance(model);
    neither.completeTask('triage', { legal: false, amount: 5 });
    expect(neither.state.waits.map((w) => w.elementId)).toEqual(['standard']);
  });
});
