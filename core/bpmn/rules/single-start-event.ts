import { is } from '../moddle-types';
import { buildScopeGraph, isNoneStartEvent, isScope } from '../scope-graph';
import type { DeployRule } from './rule';

/** The process and every embedded sub-process start at exactly one none start event. */
export const singleStartEvent: DeployRule = {
  name: 'single-start-event',
  severity: 'error',
  description: 'Each process and embedded sub-process has exactly one none start event.',
  create: () => ({
    check(node, reporter) {
      if (!isScope(node) || (is(node, 'bpmn:SubProcess') && node.triggeredByEvent)) return;
      const starts = buildScopeGraph(node).nodes.filter(isNoneStartEvent);
      const what = is(node, 'bpmn:SubProcess') ? 'sub-process' : 'process';
      if (starts.length === 0) {
        reporter.report(node.id ?? '', `the ${what} has no none start event (exactly one is needed)`);
      }
      for (const extra of starts.slice(1)) {
        reporter.report(
          extra.id ?? '',
          `the ${what} has ${starts.length} none start events: exactly one is allowed`,
        );
      }
    },
  }),
};
