import { conditionOf, feelBody, isFeel, paramsOf } from '../extensions';
import { checkFeel } from '../feel-check';
import { is, type ModdleElement } from '../moddle-types';
import type { DeployRule } from './rule';

/**
 * Every FEEL expression in the model parses and is cheap enough to run: conditions, `=` parameters,
 * `=` timers and the `=` assignment attributes of user tasks.
 */
export const feel: DeployRule = {
  name: 'feel',
  severity: 'error',
  description: 'FEEL expressions parse, are at most 2 000 characters and loop at most 10 000 times.',
  create: () => ({
    check(node, reporter) {
      for (const [where, expression] of expressionsOf(node)) {
        for (const problem of checkFeel(expression)) reporter.report(node.id ?? '', `${where}: ${problem}`);
      }
    },
  }),
};

/** [where, FEEL text without `=`] for every FEEL expression held directly by `node`. */
function expressionsOf(node: ModdleElement): [string, string][] {
  const found: [string, string][] = [];
  const add = (where: string, value: string | undefined): void => {
    if (value !== undefined && isFeel(value)) found.push([where, feelBody(value)]);
  };
  if (is(node, 'bpmn:SequenceFlow')) {
    const condition = conditionOf(node);
    // An empty condition is reported by flow-structure, in words that fit better.
    if (condition) found.push(['condition', condition]);
  }
  if (is(node, 'bpmn:ServiceTask') || is(node, 'bpmn:SendTask')) {
    for (const param of paramsOf(node)) add(`parameter "${param.name ?? ''}"`, param.value);
  }
  if (is(node, 'bpmn:UserTask')) {
    add('redress:candidateGroups', node.candidateGroups);
    add('redress:assignee', node.assignee);
    add('redress:dueIn', node.dueIn);
  }
  if (is(node, 'bpmn:Event')) {
    for (const definition of node.eventDefinitions ?? []) {
      if (!is(definition, 'bpmn:TimerEventDefinition')) continue;
      add('timeDuration', definition.timeDuration?.body);
      add('timeDate', definition.timeDate?.body);
      add('timeCycle', definition.timeCycle?.body);
    }
  }
  return found;
}
