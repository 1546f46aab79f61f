import {
  boundaryError,
  boundaryTimer,
  buildProcess,
  chain,
  DAY,
  end,
  flow,
  HOUR,
  Instance,
  serviceTask,
  start,
  subProcess,
  userTask,
} from './builders';

describe('interrupting boundary timer', () => {
  const model = buildProcess(
    [
      start('s'),
      userTask('review'),
      boundaryTimer('sla', 'review', 'PT48H'),
      boundaryTimer('hardStop', 'review', 'P7D'),
      userTask('escalate'),
      end('e'),
    ],
    [...chain('s', 'review', 'e'), flow('sla', 'escalate'), flow('hardStop', 'e'), flow('escalate', 'e')],
  );

  it('should arm the timers when the task is entered', () => {
    const instance = new Instance(model);
    expect(instance.last('startTimer')).toEqual([
      { type: 'startTimer', waitId: 'w3', elementId: 'sla', fireAt: instance.now + 48 * HOUR },
      { type: 'startTimer', waitId: 'w4', elementId: 'hardStop', fireAt: instance.now + 7 * DAY },
    ]);
    expect(instance.state.waits.map((w) => [w.elementId, w.tokenId])).toEqual([
      ['review', 't1'],
      ['sla', 't1'],
      ['hardStop', 't1'],
    ]);
  });

  it('should cancel the task and the other timers, then continue from the boundary', () => {
    // given
    const instance = new Instance(model);

    // when
    instance.fireTimer('sla');

    // then
    expect(instance.last('cancel')).toEqual([
      { type: 'cancel', waitId: 'w2', kind: 'userTask', elementId: 'review' },
      { type: 'cancel', waitId: 'w4', kind: 'timer', elementId: 'hardStop' },
    ]);
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['escalate']);
    expect(instance.entered().slice(-2)).toEqual(['sla', 'escalate']);
    expect(instance.log).toContainEqual({
      type: 'elementLeft',
      elementId: 'review',
      kind: 'userTask',
      tokenId: 't1',
    });
  });

  it('should cancel every boundary timer when the task is completed', () => {
    const instance = new Instance(model);
    instance.completeTask('review');
    expect(instance.last('cancel').map((c) => c.elementId)).toEqual(['sla', 'hardStop']);
    expect(instance.state.completed).toBe(true);
  });

  it('should evaluate a FEEL timer expression from the variables', () => {
    const feel = buildProcess(
      [start('s'), userTask('t'), boundaryTimer('b', 't', '=slaDuration'), end('e')],
      [...chain('s', 't', 'e'), flow('b', 'e')],
    );
    const instance = new Instance(feel, { slaDuration: 'PT2H' });
    expect(instance.last('startTimer')[0]?.fireAt).toBe(instance.now + 2 * HOUR);
  });

  it('should raise an incident, not arm the task, when the timer expression is invalid', () => {
    const bad = buildProcess(
      [start('s'), userTask('t'), boundaryTimer('b', 't', '=slaDuration'), end('e')],
      [...chain('s', 't', 'e'), flow('b', 'e')],
    );
    const instance = new Instance(bad, { slaDuration: 'two days' });
    expect(instance.last('openUserTask')).toEqual([]);
    expect(instance.last('incident')[0]?.message).toMatch(/two days/);
    instance.retry('t', { slaDuration: 'P2D' });
    expect(instance.last('openUserTask')).toHaveLength(1);
    expect(instance.last('startTimer')).toHaveLength(1);
  });
});

describe('non-interrupting boundary timer', () => {
  const model = buildProcess(
    [
      start('s'),
      userTask('review'),
      boundaryTimer('remind', 'review', 'R3/PT24H', false),
      serviceTask('sendReminder', 'sendEmail'),
      end('reminded'),
      end('e'),
    ],
    [...chain('s', 'review', 'e'), ...chain('remind', 'sendReminder', 'reminded')],
  );

  it('should spawn a new token from the boundary and keep the task open', () => {
    // given
    const instance = new Instance(model);

    // when
    instance.fireTimer('remind');

    // then
    expect(instance.waitsAt('review', 'userTask')).toHaveLength(1);
    expect(instance.waitsAt('sendReminder', 'activity')).toHaveLength(1);
    expect(instance.last('cancel')).toEqual([]);
    const tokens = instance.state.tokens.map((t) => t.elementId);
    expect(tokens).toEqual(['review', 'sendReminder']);
  });

  it('should re-arm a cycle with a new wait id until its repetitions run out', () => {
    // given
    const instance = new Instance(model);
    const seen: { id: string; remaining?: number; fireAt?: number }[] = [];

    // when
    for (let i = 0; i < 3; i++) {
      const wait = instance.waitAt('remind');
      seen.push({ id: wait.id, remaining: wait.remaining, fireAt: wait.fireAt });
      instance.fireTimer('remind');
      instance.completeActivity('sendReminder');
    }

    // then
    expect(seen.map((s) => s.remaining)).toEqual([3, 2, 1]);
    expect(new Set(seen.map((s) => s.id)).size).toBe(3);
    expect(seen.map((s) => s.fireAt)).toEqual([
      seen[0]?.fireAt,
      (seen[0]?.fireAt ?? 0) + DAY,
      (seen[0]?.fireAt ?? 0) + 2 * DAY,
    ]);
    expect(instance.waitsAt('remind')).toHaveLength(0);
    instance.completeTask('review');
    expect(instance.state.completed).toBe(true);
  });

  it('should re-arm an unbounded cycle for ever, and stop when the task is left', () => {
    const unbounded = buildProcess(
      [start('s'), userTask('t'), boundaryTimer('nudge', 't', 'R/P1D', false), end('e'), end('nudged')],
      [...chain('s', 't', 'e'), flow('nudge', 'nudged')],
    );
    const instance = new Instance(unbounded);
    for (let i = 0; i < 5; i++) instance.fireTimer('nudge');
    expect(instance.waitAt('nudge')).toMatchObject({ cycle: 'R/P1D' });
    expect(instance.waitAt('nudge').remaining).toBeUndefined();
    instance.completeTask('t');
    expect(instance.last('cancel').map((c) => c.elementId)).toEqual(['nudge']);
    expect(instance.state.completed).toBe(true);
  });

  it('should never schedule the next reminder in the past after a long outage', () => {
    const instance = new Instance(model);
    instance.advance(10 * DAY).fireTimer('remind');
    expect(instance.waitAt('remind').fireAt).toBe(instance.now + DAY);
  });
});

describe('boundary error vs incident', () => {
  const model = buildProcess(
    [
      start('s'),
      serviceTask('charge', 'callWebhook'),
      boundaryError('declined', 'charge', 'CARD_DECLINED'),
      boundaryError('anyError', 'charge'),
      boundaryTimer('tooSlow', 'charge', 'PT1H'),
      userTask('fixCard'),
      userTask('investigate'),
      userTask('slow'),
      end('e'),
    ],
    [
      ...chain('s', 'charge', 'e'),
      flow('declined', 'fixCard'),
      flow('anyError', 'investigate'),
      flow('tooSlow', 'slow'),
      flow('fixCard', 'e'),
      flow('investigate', 'e'),
      flow('slow', 'e'),
    ],
  );

  it('should leave through the boundary whose errorCode matches and set error', () => {
    // given
    const instance = new Instance(model);
    const timerId = instance.waitAt('tooSlow').id;

    // when
    instance.failActivity('charge', 'CARD_DECLINED', 'Card was declined');

    // then
    expect(instance.state.waits.map((w) => w.elementId)).toEqual(['fixCard']);
    expect(instance.state.variables.error).toEqual({ code: 'CARD_DECLINED', message: 'Card was declined' });
    expect(instance.last('cancel')).toEqual([
      { type: 'cancel', waitId: timerId, kind: 'timer', elementId: 'tooSlow' },
    ]);
    expect(instance.last('incident')).toEqual([]);
  });

  it('should prefer an exact errorCode over a catch-all, and use the catch-all for other codes', () => {
    const other = new Instance(model);
    other.failActivity('charge', 'TIMEOUT');
    expect(other.state.waits.map((w) => w.elementId)).toEqual(['investigate']);
    expect(other.state.variables.error).toEqual({ code: 'TIMEOUT', message: 'boom' });
  });

  describe('without a matching boundary', () => {
    const strict = buildProcess(
      [
        start('s'),
        serviceTask('charge', 'callWebhook', { name: 'Charge card' }),
        boundaryError('declined', 'charge', 'CARD_DECLINED'),
        boundaryTimer('tooSlow', 'charge', 'PT1H'),
        userTask('fixCard'),
        userTask('slow'),
        end('e'),
      ],
      [
        ...chain('s', 'charge', 'e'),
        flow('declined', 'fixCard'),
        flow('tooSlow', 'slow'),
        flow('fixCard', 'e'),
        flow('slow', 'e'),
      ],
    );

    it('should emit an incident and keep the wait, now of kind incident', () => {
      // given
      const instance = new Instance(strict);
      const waitId = instance.waitAt('charge', 'activity').id;

      // when
      instance.failActivity('charge', undefined, 'SMTP down');

      // then
      expect(instance.last('incident')).toEqual([
        {
          type: 'incident',
          waitId,
          elementId: 'charge',
          message: 'Service task "Charge card" (charge) failed: SMTP down',
        },
      ]);
      expect(instance.waitAt('charge')).toMatchObject({ id: waitId, kind: 'incident', retry: 'enter' });
      expect(instance.waitsAt('tooSlow', 'timer')).toHaveLength(1);
    });

    it('should NOT be caught by a boundary with another errorCode', () => {
      const instance = new Instance(strict);
      instance.failActivity('charge', 'OTHER');
      expect(instance.last('incident')).toHaveLength(1);
      expect(instance.state.variables).toEqual({});
    });

    it('should re-issue startActivity with a new waitId on retryIncident, keeping the armed timers', () => {
      // given
      const instance = new Instance(strict);
      const first = instance.waitAt('charge', 'activity').id;
      const timer = instance.waitAt('tooSlow').id;
      instance.failActivity('charge');

      // when
      instance.retry('charge');

      // then
      const [command] = instance.last('startActivity');
      expect(command?.waitId).not.toBe(first);
      expect(instance.waitAt('charge', 'activity').id).toBe(command?.waitId);
      expect(instance.last('startTimer')).toEqual([]);
      expect(instance.waitAt('tooSlow').id).toBe(timer);

      // when
      instance.completeActivity('charge');

      // then
      expect(instance.state.completed).toBe(true);
    });

    it('should let an interrupting timer cancel the incident', () => {
      const instance = new Instance(strict);
      const incident = instance.waitAt('charge', 'activity').id;
      instance.failActivity('charge');
      instance.fireTimer('tooSlow');
      expect(instance.last('cancel')).toEqual([
        { type: 'cancel', waitId: incident, kind: 'incident', elementId: 'charge' },
      ]);
      expect(instance.state.waits.map((w) => w.elementId)).toEqual(['slow']);
    });
  });

  it('should propagate an uncaught error to a boundary error of the enclosing sub-process', () => {
    // given
    const nested = buildProcess(
      [
        start('s'),
        subProcess('sub', 'sub.s'),
        boundaryError('subFailed', 'sub', 'FATAL'),
        start('sub.s', { parentId: 'sub' }),
        serviceTask('sub.call', 'callWebhook', { parentId: 'sub' }),
        userTask('sub.other', { parentId: 'sub' }),
        end('sub.e', { parentId: 'sub' }),
        userTask('recover'),
        end('e'),
      ],
      [
        ...chain('s', 'sub', 'e'),
        flow('sub.s', 'sub.call'),
        flow('sub.s', 'sub.other'),
        flow('sub.call', 'sub.e'),
        flow('sub.other', 'sub.e'),
        ...chain('subFailed', 'recover', 'e'),
      ],
    );
    const instance = new Instance(nested);
    const otherTask = instance.waitAt('sub.other').id;

    // when
    instance.failActivity('sub.call', 'FATAL', 'gone');

    // then
    expect(instance.last('cancel')).toEqual([
      { type: 'cancel', waitId: otherTask, kind: 'userTask', elementId: 'sub.other' },
    ]);
    expect(instance.state.tokens.map((t) => t.elementId)).toEqual(['recover']);
    expect(instance.state.variables.error).toEqual({ code: 'FATAL', message: 'gone' });
  });
});
