import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { Config } from '../core/config/config';
import { IntakeService } from '../core/complaints/intake.service';
import { ProcessDefinitionService } from '../core/processes/process-definition.service';
import { RegulationDeployCheck } from '../core/regulation/regulation-deploy-check';

/** Everything the HTTP layer needs; built once in web/main.ts (and by the tests). */
export interface WebContext {
  config: Config;
  dataSource: DataSource;
  temporal: Client;
  secret: string;
  intake: IntakeService;
  processes: ProcessDefinitionService;
}

export function createWebContext(deps: {
  config: Config;
  dataSource: DataSource;
  temporal: Client;
  secret: string;
}): WebContext {
  return {
    ...deps,
    intake: new IntakeService(deps.dataSource, deps.temporal, deps.config),
    // Deploys also answer to the jurisdiction profiles: mandatory letter clauses, known clocks.
    processes: new ProcessDefinitionService(deps.dataSource, [
      new RegulationDeployCheck(deps.dataSource, deps.config),
    ]),
  };
}
