import { PROTOTYPE_KEYS } from '../../security/hostile-keys';
import { isFeel, paramsOf } from '../extensions';
import { is, type ServiceTask } from '../moddle-types';
import { isStage, STAGES } from '../stages';
import { KNOWN_TASK_TYPES, NOTIFY_CHANNELS, paramsOfTaskType } from '../task-types';
import type { DeployRule, Reporter } from './rule';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A service or send task names a task type the worker runs and gives the parameters that type needs,
 * so a typo is caught at deploy time rather than as an incident inside a running complaint.
 */
export const taskDefinition: DeployRule = {
  name: 'task-definition',
  severity: 'error',
  description:
    'Service and send tasks have a known redress:taskType, its required parameters and valid values.',
  create: (config) => {
    const known = config.knownTaskTypes ?? KNOWN_TASK_TYPES;
    return {
      check(node, reporter) {
        if (!is(node, 'bpmn:ServiceTask') && !is(node, 'bpmn:SendTask')) return;
        const id = node.id ?? '';
        const type = node.taskType?.trim();
        if (!type) {
          reporter.report(id, `redress:taskType is missing (one of ${known.join(', ')})`);
        } else if (!known.includes(type)) {
          reporter.report(id, `unknown redress:taskType "${type}" (known: ${known.join(', ')})`);
        }
        if (node.resultVariable !== undefined && !VARIABLE_NAME.test(node.resultVariable)) {
          reporter.report(id, `redress:resultVariable "${node.resultVariable}" is not a valid variable name`);
        }
        checkParams(node, type, reporter);
      },
    };
  },
};

function checkParams(node: ServiceTask, type: string | undefined, reporter: Reporter): void {
  const id = node.id ?? '';
  const values = new Map<string, string>();
  for (const param of paramsOf(node)) {
    const name = param.name?.trim();
    if (!name) reporter.report(id, 'a redress:param has no name');
    else if ((PROTOTYPE_KEYS as readonly string[]).includes(name))
      reporter.report(id, `parameter name "${name}" is not allowed (prototype pollution)`);
    else if (values.has(name)) reporter.report(id, `parameter "${name}" is given twice`);
    else values.set(name, param.value ?? '');
  }
  const required = (type && paramsOfTaskType(type)?.required) || [];
  for (const name of required) {
    if (!values.get(name)?.trim()) reporter.report(id, `task type "${type}" needs parameter "${name}"`);
  }
  const literal = (name: string): string | undefined => {
    const value = values.get(name);
    return value === undefined || isFeel(value) ? undefined : value.trim();
  };
  const channels = type === 'notify' ? literal('channels') : undefined;
  if (channels !== undefined && !validChannels(channels)) {
    reporter.report(
      id,
      `parameter "channels" must be ${NOTIFY_CHANNELS.join(', ')} or both, comma-separated`,
    );
  }
  const stage = type === 'setStage' ? literal('stage') : undefined;
  if (stage && !isStage(stage)) {
    reporter.report(id, `parameter "stage" must be one of ${STAGES.join(', ')}`);
  }
  const url = type === 'callWebhook' ? literal('url') : undefined;
  if (url && !isHttpUrl(url)) reporter.report(id, 'parameter "url" must be an http or https URL');
}

function validChannels(value: string): boolean {
  const channels = value.split(',').map((channel) => channel.trim());
  return (
    channels.length > 0 &&
    channels.every((channel) => (NOTIFY_CHANNELS as readonly string[]).includes(channel)) &&
    new Set(channels).size === channels.length
  );
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
