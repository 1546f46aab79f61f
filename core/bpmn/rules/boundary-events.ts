import { is } from '../moddle-types';
import type { DeployRule } from './rule';

const TIMER_HOSTS = new Set(['bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:SubProcess']);
const ERROR_HOSTS = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:SubProcess']);

/**
 * Boundary timers sit on activities that wait (user, service, send tasks, sub-processes); boundary
 * errors on activities that can fail (service and send tasks, sub-processes), and always interrupt.
 */
export const boundaryEvents: DeployRule = {
  name: 'boundary-events',
  severity: 'error',
  description: 'Boundary events are attached to an activity that supports them; error boundaries interrupt.',
  create: () => ({
    check(node, reporter) {
      if (!is(node, 'bpmn:BoundaryEvent')) return;
      const id = node.id ?? '';
      const host = node.attachedToRef;
      if (!host) {
        reporter.report(id, 'the boundary event is not attached to an activity');
        return;
      }
      if (host.$parent !== node.$parent) {
        reporter.report(id, 'the boundary event and its activity must be in the same process or sub-process');
      }
      const definitions = node.eventDefinitions ?? [];
      if (definitions.length !== 1) return; // reported by supported-elements
      if (is(definitions[0], 'bpmn:TimerEventDefinition') && !TIMER_HOSTS.has(host.$type)) {
        reporter.report(
          id,
          'timer boundary events are only supported on user tasks, service tasks and sub-processes',
        );
      }
      if (is(definitions[0], 'bpmn:ErrorEventDefinition')) {
        if (!ERROR_HOSTS.has(host.$type)) {
          reporter.report(id, 'error boundary events are only supported on service tasks and sub-processes');
        }
        if (node.cancelActivity === false) {
          reporter.report(
            id,
            'an error boundary event always interrupts its activity (cancelActivity must be true)',
          );
        }
      }
    },
  }),
};
