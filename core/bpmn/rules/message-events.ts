import { is } from '../moddle-types';
import type { DeployRule } from './rule';

/** A message catch event names the message it waits for: the workflow delivers messages by name. */
export const messageEvents: DeployRule = {
  name: 'message-events',
  severity: 'error',
  description: 'Message catch events refer to a message that has a name.',
  create: () => ({
    check(node, reporter) {
      if (!is(node, 'bpmn:Event')) return;
      for (const definition of node.eventDefinitions ?? []) {
        if (!is(definition, 'bpmn:MessageEventDefinition')) continue;
        const message = definition.messageRef;
        if (!message) reporter.report(node.id ?? '', 'the message event does not refer to a message');
        else if (!message.name?.trim()) {
          reporter.report(
            node.id ?? '',
            `message ${message.id ?? ''} has no name: the workflow matches messages by name`,
          );
        }
      }
    },
  }),
};
