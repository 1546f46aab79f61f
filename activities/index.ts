import type { ActivityDeps } from './deps';
import { humanTaskActivities } from './human-tasks.activity';
import { processDefinitionActivities } from './process-definitions.activity';
import { progressActivities } from './progress.activity';
import { regulationActivities } from './regulation.activity';
import { serviceTaskActivities } from './service-tasks';

export type { ActivityDeps } from './deps';
export type { TimelineInput } from './progress.activity';
export type { ServiceTaskInput } from './service-tasks';

/** Every activity the complaint workflow calls, built from real dependencies by the worker. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...processDefinitionActivities(deps),
    ...humanTaskActivities(deps),
    ...progressActivities(deps),
    ...serviceTaskActivities(deps),
    ...regulationActivities(deps),
  };
}
