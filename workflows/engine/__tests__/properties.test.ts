import fc from 'fast-check';
import { handleEvent, startInstance } from '../interpreter';
import type { EngineCommand, EngineEvent, EngineState, Wait } from '../types';
import { T0 } from './builders';
import { blockArb, compileBlock, type RandomProcess } from './random-process';

/** One answer to an open wait, picked by index among the open waits; a few strays and failures mixed in. */
interface Step {
  pick: number;
  /** An activity fails instead of completing (only early on, so every run terminates). */
  fail: boolean;
  /** Send a message nobody may be waiting for yet (it must be kept, not lost). */
  stray: boolean;
}
const stepArb = fc.record({ pick: fc.nat(), fail: fc.boolean(), stray: fc.boolean() });

interface Run {
  state: EngineState;
  log: EngineCommand[];
  events: number;
  incidentsOnGateways: number;
}

const MAX_EVENTS = 2_000;

/** Answers open waits in the order `steps` chooses, then the first open one, until the instance completes. */
function drive(
  random: RandomProcess,
  steps: Step[],
  check: (before: EngineState, after: EngineState) => void,
): Run {
  const { model, variables, messageNames } = random;
  let now = T0;
  const started = startInstance(model, { type: 'start', now, variables });
  let state = started.state;
  const log = [...started.commands];
  check({ ...state, waits: [] }, state);
  let events = 0;
  for (; !state.completed && events < MAX_EVENTS; events++) {
    const step = steps[events] ?? { pick: 0, fail: false, stray: false };
    const event = nextEvent(state, step, events < steps.length, messageNames, now);
    if (!event) break;
    now = event.now;
    const result = handleEvent(model, state, event);
    check(state, result.state);
    state = result.state;
    log.push(...result.commands);
  }
  const incidentsOnGateways = log.filter(
    (c) => c.type === 'incident' && model.elements[c.elementId]?.kind !== 'serviceTask',
  ).length;
  return { state, log, events, incidentsOnGateways };
}

function nextEvent(
  state: EngineState,
  step: Step,
  early: boolean,
  names: string[],
  now: number,
): EngineEvent | null {
  if (early && step.stray && names.length > 0) {
    return {
      type: 'messageReceived',
      now,
      name: names[step.pick % names.length] ?? '',
      variables: { stray: step.pick },
    };
  }
  const open = state.waits.filter((w) => w.kind !== 'subProcess');
  const wait: Wait | undefined = open[step.pick % Math.max(open.length, 1)];
  if (!wait) return null;
  switch (wait.kind) {
    case 'userTask':
      return { type: 'userTaskCompleted', now, waitId: wait.id, variables: { last: wait.elementId } };
    case 'activity':
      return early && step.fail
        ? { type: 'activityFailed', now, waitId: wait.id, message: 'random failure' }
        : { type: 'activityCompleted', now, waitId: wait.id, result: { done: wait.elementId } };
    case 'timer':
      return { type: 'timerFired', now: Math.max(now, wait.fireAt ?? now), waitId: wait.id };
    case 'message':
      return { type: 'messageReceived', now, name: wait.messageName ?? '', variables: {} };
    default:
      return { type: 'retryIncident', now, waitId: wait.id };
  }
}

/** Invariants that hold after every event. */
function checkInvariants(everSeen: Set<string>) {
  return (before: EngineState, after: EngineState): void => {
    const ids = after.waits.map((w) => w.id);
    expect(new Set(ids).size).toBe(ids.length); // never two waits with the same id
    const previous = new Set(before.waits.map((w) => w.id));
    for (const id of ids) {
      if (!previous.has(id)) expect(everSeen.has(id)).toBe(false); // a wait id is never reused
      everSeen.add(id);
    }
    const tokens = new Map(after.tokens.map((t) => [t.id, t]));
    expect(tokens.size).toBe(after.tokens.length);
    for (const wait of after.waits) expect(tokens.has(wait.tokenId)).toBe(true);
    for (const token of after.tokens) {
      if (token.scope !== 'root')
        expect(after.waits.some((w) => w.kind === 'subProcess' && w.tokenId === token.scope)).toBe(true);
    }
    expect(JSON.parse(JSON.stringify(after))).toEqual(after); // plain JSON only
  };
}

const scenario = fc.record({ block: blockArb(3), steps: fc.array(stepArb, { maxLength: 60 }) });

describe('random structured processes answered in random orders', () => {
  it('should always complete, with no token stuck at a join and no wait id used twice', () => {
    fc.assert(
      fc.property(scenario, ({ block, steps }) => {
        // given
        const random = compileBlock(block);

        // when
        const run = drive(random, steps, checkInvariants(new Set()));

        // then
        expect(run.state.completed).toBe(true);
        expect(run.state.tokens).toEqual([]);
        expect(run.state.waits).toEqual([]);
        expect(run.state.joins).toEqual({});
        expect(run.incidentsOnGateways).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('should fire every parallel and inclusive join exactly once per fork (the join never fires early)', () => {
    fc.assert(
      fc.property(scenario, ({ block, steps }) => {
        // given
        const random = compileBlock(block);

        // when
        const { log } = drive(random, steps, () => undefined);

        // then
        const left = (id: string): number =>
          log.filter((c) => c.type === 'elementLeft' && c.elementId === id).length;
        for (const [fork, join] of random.pairs) expect(left(join)).toBe(left(fork));
      }),
      { numRuns: 300 },
    );
  });

  it('should be deterministic: the same events give deep-equal states and commands', () => {
    fc.assert(
      fc.property(scenario, ({ block, steps }) => {
        const random = compileBlock(block);
        const first = drive(random, steps, () => undefined);
        const second = drive(compileBlock(block), steps, () => undefined);
        expect(second.state).toEqual(first.state);
        expect(second.log).toEqual(first.log);
      }),
      { numRuns: 100 },
    );
  });
});

describe('inclusive join reachability', () => {
  it('should keep an inclusive join waiting while a taken branch is still open, whatever the order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (conditions, order) => {
          // given: an inclusive fork with a task on every branch
          const random = compileBlock({
            t: 'incl',
            branches: conditions.map((condition) => ({
              condition,
              body: { t: 'task', leaf: 'user', boundary: 'none' },
            })),
            fallback: { t: 'task', leaf: 'user', boundary: 'none' },
          });
          const [, join] = random.pairs[0] ?? ['', ''];
          const taken = Math.max(conditions.filter(Boolean).length, 1);

          // when: the branches finish one by one
          let { state } = startInstance(random.model, {
            type: 'start',
            now: T0,
            variables: random.variables,
          });
          expect(state.waits).toHaveLength(taken);
          for (let finished = 1; finished <= taken; finished++) {
            const wait = state.waits[(order[finished] ?? 0) % state.waits.length] as Wait;
            const result = handleEvent(random.model, state, {
              type: 'userTaskCompleted',
              now: T0,
              waitId: wait.id,
              variables: {},
            });
            state = result.state;
            const fired = result.commands.some((c) => c.type === 'elementLeft' && c.elementId === join);

            // then: the join fires with the last branch, not before
            expect(fired).toBe(finished === taken);
          }
          expect(state.completed).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
