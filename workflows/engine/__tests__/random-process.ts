/**
 * Random, well-structured processes for property tests: nested blocks of tasks, timers, messages,
 * parallel / inclusive / exclusive fork-join pairs, event-based races and sub-processes (some with a
 * terminate end). Every structured model can complete, whatever order its waits are answered in.
 */
import fc from 'fast-check';
import type { CompiledProcess } from '../types';
import {
  boundaryError,
  boundaryTimer,
  buildProcess,
  end,
  flow,
  gateway,
  messageCatch,
  serviceTask,
  start,
  subProcess,
  terminateEnd,
  timerCatch,
  userTask,
  type ElementSpec,
  type FlowSpec,
} from './builders';

export type Leaf = 'user' | 'service' | 'serviceWithCatch' | 'timer' | 'message';
export type Boundary = 'none' | 'interrupting' | 'nonInterrupting' | 'cycle';
export interface Branch {
  condition: boolean;
  body: Block | null;
}
export type Block =
  | { t: 'task'; leaf: Leaf; boundary: Boundary }
  | { t: 'seq'; items: Block[] }
  | { t: 'par'; branches: Block[] }
  | { t: 'incl' | 'xor'; branches: Branch[]; fallback: Block | null }
  | { t: 'race' }
  | { t: 'sub'; body: Block; terminate: boolean };

const leafArb: fc.Arbitrary<Block> = fc.record({
  t: fc.constant('task' as const),
  leaf: fc.constantFrom<Leaf>('user', 'service', 'serviceWithCatch', 'timer', 'message'),
  boundary: fc.constantFrom<Boundary>('none', 'none', 'interrupting', 'nonInterrupting', 'cycle'),
});

/** Blocks nested at most `depth` levels deep. */
export function blockArb(depth: number): fc.Arbitrary<Block> {
  let arb: fc.Arbitrary<Block> = fc.oneof(leafArb, fc.constant<Block>({ t: 'race' }));
  for (let d = 0; d < depth; d++) {
    const inner = arb;
    const branch = fc.record({ condition: fc.boolean(), body: fc.option(inner, { nil: null }) });
    arb = fc.oneof(
      { withCrossShrink: true },
      leafArb,
      fc.record({ t: fc.constant('seq' as const), items: fc.array(inner, { minLength: 1, maxLength: 3 }) }),
      fc.record({
        t: fc.constant('par' as const),
        branches: fc.array(inner, { minLength: 1, maxLength: 3 }),
      }),
      fc.record({
        t: fc.constantFrom('incl' as const, 'xor' as const),
        branches: fc.array(branch, { minLength: 1, maxLength: 3 }),
        fallback: fc.option(inner, { nil: null }),
      }),
      fc.constant<Block>({ t: 'race' }),
      fc.record({ t: fc.constant('sub' as const), body: inner, terminate: fc.boolean() }),
    );
  }
  return arb;
}

/** A compiled random process, its start variables and its fork/join pairs that always pair up. */
export interface RandomProcess {
  model: CompiledProcess;
  variables: Record<string, unknown>;
  /** [fork, join] gateway ids outside terminating sub-processes: each fork must be matched by one join firing. */
  pairs: [string, string][];
  messageNames: string[];
}

/** Turns a block tree into a CompiledProcess: start → block → end. */
export function compileBlock(block: Block): RandomProcess {
  const elements: ElementSpec[] = [];
  const flows: FlowSpec[] = [];
  const flags: Record<string, boolean> = {};
  const pairs: [string, string][] = [];
  const messageNames: string[] = [];
  let n = 0;
  const add = (spec: ElementSpec, parentId: string | undefined): string => {
    elements.push(parentId === undefined ? spec : { ...spec, parentId });
    return spec.id;
  };
  const link = (from: string, to: string, extra: Omit<FlowSpec, 'from' | 'to'> = {}): void => {
    flows.push(flow(from, to, extra));
  };

  const compile = (
    b: Block,
    parent: string | undefined,
    terminating: boolean,
  ): { entry: string; exit: string } => {
    const id = (prefix: string): string => `${prefix}${n++}`;
    switch (b.t) {
      case 'task': {
        const taskId = id(b.leaf);
        if (b.leaf === 'user') add(userTask(taskId), parent);
        else if (b.leaf === 'timer') add(timerCatch(taskId, 'PT1H'), parent);
        else if (b.leaf === 'message') {
          messageNames.push(`msg-${taskId}`);
          add(messageCatch(taskId, `msg-${taskId}`), parent);
        } else add(serviceTask(taskId), parent);
        const canHaveBoundary = b.leaf === 'user' || b.leaf.startsWith('service');
        const merge = id('merge');
        add(gateway(merge, 'exclusiveGateway'), parent);
        link(taskId, merge);
        if (b.leaf === 'serviceWithCatch') {
          const caught = add(boundaryError(id('err'), taskId), parent);
          link(caught, merge);
        }
        if (canHaveBoundary && b.boundary === 'interrupting') {
          link(add(boundaryTimer(id('bt'), taskId, 'PT2H', true), parent), merge);
        } else if (canHaveBoundary && b.boundary !== 'none') {
          const expression = b.boundary === 'cycle' ? 'R2/PT30M' : 'PT30M';
          const reminder = add(boundaryTimer(id('bn'), taskId, expression, false), parent);
          const done = add(end(id('reminded')), parent);
          const note = add(userTask(id('note')), parent);
          link(reminder, note);
          link(note, done);
        }
        return { entry: taskId, exit: merge };
      }
      case 'seq': {
        const parts = b.items.map((item) => compile(item, parent, terminating));
        parts.slice(1).forEach((part, i) => link(parts[i]?.exit ?? '', part.entry));
        return { entry: parts[0]?.entry ?? '', exit: parts[parts.length - 1]?.exit ?? '' };
      }
      case 'par': {
        const fork = add(gateway(id('pf'), 'parallelGateway'), parent);
        const join = add(gateway(id('pj'), 'parallelGateway'), parent);
        for (const branch of b.branches) {
          const part = compile(branch, parent, terminating);
          link(fork, part.entry);
          link(part.exit, join);
        }
        if (!terminating) pairs.push([fork, join]);
        return { entry: fork, exit: join };
      }
      case 'incl':
      case 'xor': {
        const kind = b.t === 'incl' ? 'inclusiveGateway' : 'exclusiveGateway';
        const fork = add(gateway(id(`${b.t}f`), kind), parent);
        const join = add(gateway(id(`${b.t}j`), kind), parent);
        const route = (body: Block | null, extra: Omit<FlowSpec, 'from' | 'to'>): void => {
          if (body === null) return link(fork, join, extra);
          const part = compile(body, parent, terminating);
          link(fork, part.entry, extra);
          link(part.exit, join);
        };
        for (const branch of b.branches) {
          const flag = `f${n++}`;
          flags[flag] = branch.condition;
          route(branch.body, { condition: `flags.${flag} = true` });
        }
        route(b.fallback, { isDefault: true });
        if (!terminating) pairs.push([fork, join]);
        return { entry: fork, exit: join };
      }
      case 'race': {
        const race = add(gateway(id('race'), 'eventBasedGateway'), parent);
        const message = id('reply');
        messageNames.push(`msg-${message}`);
        add(messageCatch(message, `msg-${message}`), parent);
        const timer = add(timerCatch(id('timeout'), 'PT3H'), parent);
        const merge = add(gateway(id('rm'), 'exclusiveGateway'), parent);
        link(race, message);
        link(race, timer);
        link(message, merge);
        link(timer, merge);
        return { entry: race, exit: merge };
      }
      case 'sub': {
        const sub = add(subProcess(id('sub'), ''), parent);
        const innerStart = add(start(id('ss')), sub);
        const innerEnd = add(end(id('se')), sub);
        const spec = elements.find((e) => e.id === sub);
        if (spec) spec.startEventId = innerStart;
        const body = compile(b.body, sub, terminating || b.terminate);
        link(innerStart, body.entry);
        link(body.exit, innerEnd);
        if (b.terminate) {
          const killer = add(userTask(id('killer')), sub);
          link(innerStart, killer);
          link(killer, add(terminateEnd(id('term')), sub));
        }
        return { entry: sub, exit: sub };
      }
    }
  };

  const body = compile(block, undefined, false);
  elements.unshift(start('start'));
  elements.push(end('end'));
  link('start', body.entry);
  link(body.exit, 'end');
  return { model: buildProcess(elements, flows, 'random'), variables: { flags }, pairs, messageNames };
}
