/**
 * The work of wait-state elements (user and service tasks, sub-processes, catch events, event-based
 * gateways) for a token resting on them. Everything that can fail (FEEL, timer expressions) is resolved
 * before anything is committed, so a failure leaves no half-armed element behind: it becomes an incident
 * whose retry simply starts the work again.
 */
import { armBoundaryTimers, planBoundaryTimers } from './boundary';
import {
  elementOf,
  flowOf,
  label,
  mergeVariables,
  newId,
  openWait,
  raiseIncident,
  type RunContext,
} from './context';
import { EngineDefinitionError, FeelEvaluationError, TimerExpressionError } from './errors';
import { evaluateExpression, isFeel, resolveValue, type FeelVariables } from './feel';
import { leave, takeFlows } from './leave';
import { armTimer, resolveDueAt } from './timers';
import type { CompiledElement, Token, Wait } from './types';

/** Starts the element's work; a FEEL or timer failure becomes an incident (`retry: 'enter'`) on the element. */
export function beginWork(ctx: RunContext, token: Token, element: CompiledElement): void {
  try {
    startWork(ctx, token, element);
  } catch (error) {
    if (!(error instanceof FeelEvaluationError) && !(error instanceof TimerExpressionError)) throw error;
    const message = `${label(element)}: ${error.message}`;
    raiseIncident(ctx, { tokenId: token.id, scope: token.scope, element, message, retry: 'enter' });
  }
}

function startWork(ctx: RunContext, token: Token, element: CompiledElement): void {
  switch (element.kind) {
    case 'userTask':
      return startUserTask(ctx, token, element);
    case 'serviceTask':
      return startServiceTask(ctx, token, element);
    case 'subProcess':
      return startSubProcess(ctx, token, element);
    case 'timerCatch':
      return startTimerCatch(ctx, token, element);
    case 'messageCatch':
      return startMessageCatch(ctx, token, element);
    case 'eventBasedGateway':
      return startEventGateway(ctx, token, element);
    default:
      throw new EngineDefinitionError(`"${element.id}" (${element.kind}) is not a wait state`, element.id);
  }
}

function startUserTask(ctx: RunContext, token: Token, element: CompiledElement): void {
  const definition = element.userTask ?? { candidateGroups: [] };
  const variables = ctx.state.variables;
  const candidateGroups = resolveGroups(definition.candidateGroups, variables);
  const assignee =
    definition.assignee === undefined ? undefined : resolveAssignee(definition.assignee, variables);
  const dueAt =
    definition.dueIn === undefined ? undefined : resolveDueAt(definition.dueIn, variables, ctx.now);
  const timers = planBoundaryTimers(ctx, element, token);

  const wait = openWait(ctx, { kind: 'userTask', elementId: element.id, tokenId: token.id });
  ctx.commands.push({
    type: 'openUserTask',
    waitId: wait.id,
    elementId: element.id,
    name: element.name ?? element.id,
    candidateGroups,
    ...(assignee === undefined ? {} : { assignee }),
    ...(definition.form === undefined ? {} : { form: definition.form }),
    ...(dueAt === undefined ? {} : { dueAt }),
  });
  armBoundaryTimers(ctx, token, timers);
}

function startServiceTask(ctx: RunContext, token: Token, element: CompiledElement): void {
  const definition = element.serviceTask;
  if (!definition)
    throw new EngineDefinitionError(`Service task "${element.id}" has no task type`, element.id);
  const params = Object.fromEntries(
    Object.entries(definition.params).map(([name, value]): [string, unknown] => [
      name,
      resolveValue(value, ctx.state.variables),
    ]),
  );
  const timers = planBoundaryTimers(ctx, element, token);

  const wait = openWait(ctx, { kind: 'activity', elementId: element.id, tokenId: token.id });
  ctx.commands.push({
    type: 'startActivity',
    waitId: wait.id,
    elementId: element.id,
    taskType: definition.type,
    params,
  });
  armBoundaryTimers(ctx, token, timers);
}

/** The sub-process's scope instance is named after the entering token, which rests on it meanwhile. */
function startSubProcess(ctx: RunContext, token: Token, element: CompiledElement): void {
  if (element.startEventId === undefined) {
    throw new EngineDefinitionError(`Sub-process "${element.id}" has no start event`, element.id);
  }
  const timers = planBoundaryTimers(ctx, element, token);

  openWait(ctx, { kind: 'subProcess', elementId: element.id, tokenId: token.id });
  armBoundaryTimers(ctx, token, timers);
  ctx.queue.push({ tokenId: newId(ctx, 't'), scope: token.id, elementId: element.startEventId });
}

function startTimerCatch(ctx: RunContext, token: Token, element: CompiledElement): void {
  const timer = armTimer(timerOf(element), ctx.state.variables, ctx.now);
  armTimerWait(ctx, { kind: 'timer', elementId: element.id, tokenId: token.id, ...timer });
}

/** Opens a timer wait; only one with a fire time (not a clock timer whose clock stands still) gets a timer. */
function armTimerWait(ctx: RunContext, fields: Omit<Wait, 'id'>): void {
  const wait = openWait(ctx, fields);
  if (wait.fireAt !== undefined)
    ctx.commands.push({
      type: 'startTimer',
      waitId: wait.id,
      elementId: wait.elementId,
      fireAt: wait.fireAt,
    });
}

/** A message that arrived before anyone waited for it is consumed here, so none is ever lost. */
function startMessageCatch(ctx: RunContext, token: Token, element: CompiledElement): void {
  const messageName = messageNameOf(element);
  const index = ctx.state.pendingMessages.findIndex((message) => message.name === messageName);
  if (index >= 0) {
    const [message] = ctx.state.pendingMessages.splice(index, 1);
    mergeVariables(ctx, message?.variables);
    leave(ctx, token.id, token.scope, element);
    return;
  }
  openWait(ctx, { kind: 'message', elementId: element.id, tokenId: token.id, messageName });
}

/**
 * Arms every catch event after the gateway as one wait group; the first to happen wins. A pending
 * message one of them awaits wins at once (the earliest arrived first).
 */
function startEventGateway(ctx: RunContext, token: Token, gateway: CompiledElement): void {
  const branches = gateway.outgoing.map((flowId) => {
    const target = elementOf(ctx, flowOf(ctx, flowId).target);
    if (target.kind !== 'timerCatch' && target.kind !== 'messageCatch') {
      throw new EngineDefinitionError(
        `Event-based gateway "${gateway.id}" leads to "${target.id}", not a timer or message catch event`,
        gateway.id,
      );
    }
    return { flowId, target };
  });
  const names = branches.filter((b) => b.target.kind === 'messageCatch').map((b) => messageNameOf(b.target));
  const index = ctx.state.pendingMessages.findIndex((message) => names.includes(message.name));
  if (index >= 0) {
    const [message] = ctx.state.pendingMessages.splice(index, 1);
    mergeVariables(ctx, message?.variables);
    const winner = branches.find(
      (b) => b.target.kind === 'messageCatch' && b.target.messageName === message?.name,
    );
    takeFlows(ctx, token.id, token.scope, gateway, winner ? [winner.flowId] : [], { triggered: true });
    return;
  }
  const armed = branches.map((branch) => ({
    ...branch,
    timer:
      branch.target.kind === 'timerCatch'
        ? armTimer(timerOf(branch.target), ctx.state.variables, ctx.now)
        : undefined,
  }));

  const group = newId(ctx, 'g');
  for (const { target, timer } of armed) {
    if (timer === undefined) {
      const messageName = messageNameOf(target);
      openWait(ctx, { kind: 'message', elementId: target.id, tokenId: token.id, messageName, group });
    } else {
      armTimerWait(ctx, { kind: 'timer', elementId: target.id, tokenId: token.id, ...timer, group });
    }
  }
}

/** candidateGroups entries: literal names, or `=FEEL` giving a name, a comma-separated string or a list. */
function resolveGroups(groups: readonly string[], variables: FeelVariables): string[] {
  const names = groups.flatMap((group): string[] => {
    if (!isFeel(group)) return [group.trim()];
    const value = evaluateExpression(group.slice(1), variables);
    if (value === null) return [];
    if (typeof value === 'string') return value.split(',').map((name) => name.trim());
    if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
      return value.map((n) => n.trim());
    throw new FeelEvaluationError(group, 'candidate groups must be a string or a list of strings');
  });
  return [...new Set(names.filter((name) => name !== ''))];
}

/** An assignee: a literal user name or `=FEEL` giving one; null or empty means unassigned. */
function resolveAssignee(assignee: string, variables: FeelVariables): string | undefined {
  const value = resolveValue(assignee, variables);
  if (value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new FeelEvaluationError(assignee, 'the assignee must be a string');
}

function timerOf(element: CompiledElement): NonNullable<CompiledElement['timer']> {
  if (!element.timer)
    throw new EngineDefinitionError(`Timer "${element.id}" has no timer definition`, element.id);
  return element.timer;
}

function messageNameOf(element: CompiledElement): string {
  if (element.messageName === undefined) {
    throw new EngineDefinitionError(`Message catch event "${element.id}" has no message name`, element.id);
  }
  return element.messageName;
}
