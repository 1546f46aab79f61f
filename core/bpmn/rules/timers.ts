import { feelBody, isFeel } from '../extensions';
import { feelStringLiteral } from '../feel-check';
import { isBusinessDays, isClockTimer, isIsoCycle, isIsoDateTime, isIsoDuration } from '../iso8601';
import { is, type Event, type TimerEventDefinition } from '../moddle-types';
import type { DeployRule, Reporter } from './rule';

// Durations may also count business days (`P15BD`) and, like dates, follow a deadline clock
// (`clock:finalResponse-P5BD`); cycles stay plain ISO 8601.
const KINDS = [
  {
    property: 'timeDuration',
    valid: (v: string) => isIsoDuration(v) || isBusinessDays(v) || isClockTimer(v),
    example: 'a duration like P3D, business days like P15BD, or a clock like clock:finalResponse-P5BD',
  },
  {
    property: 'timeDate',
    valid: (v: string) => isIsoDateTime(v) || isClockTimer(v),
    example:
      'an ISO 8601 date-time with a zone like 2026-01-31T09:00:00Z, or a clock like clock:finalResponse',
  },
  { property: 'timeCycle', valid: isIsoCycle, example: 'a cycle like R3/P1D' },
] as const;

/**
 * A timer has exactly one of duration, date or cycle, in a form the engine reads. A cycle repeats, so
 * it only makes sense where the activity goes on: on a non-interrupting boundary event.
 */
export const timers: DeployRule = {
  name: 'timers',
  severity: 'error',
  description:
    'Timers have one valid duration, date or cycle; cycles only on non-interrupting boundary events.',
  create: () => ({
    check(node, reporter) {
      if (!is(node, 'bpmn:Event')) return;
      for (const definition of node.eventDefinitions ?? []) {
        if (is(definition, 'bpmn:TimerEventDefinition')) checkTimer(node, definition, reporter);
      }
    },
  }),
};

function checkTimer(event: Event, timer: TimerEventDefinition, reporter: Reporter): void {
  const id = event.id ?? '';
  const given = KINDS.filter((kind) => timer[kind.property] !== undefined);
  if (given.length !== 1) {
    reporter.report(id, 'a timer needs exactly one of a duration, a date or a cycle');
    return;
  }
  const kind = given[0]!;
  const value = timer[kind.property]?.body?.trim() ?? '';
  if (value === '') {
    reporter.report(id, `the timer's ${kind.property} is empty`);
    return;
  }
  // `="P3D"` is a FEEL string literal: check what it evaluates to; other FEEL is checked by `feel`.
  const literal = isFeel(value) ? feelStringLiteral(feelBody(value)) : value;
  if (literal !== undefined && !kind.valid(literal)) {
    reporter.report(id, `the timer's ${kind.property} "${literal}" is not ${kind.example}`);
  }
  const repeatable = is(event, 'bpmn:BoundaryEvent') && event.cancelActivity === false;
  if (kind.property === 'timeCycle' && !repeatable) {
    reporter.report(
      id,
      'a repeating timer (timeCycle) is only supported on a non-interrupting boundary event',
    );
  }
}
