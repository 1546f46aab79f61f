import { loadDefaultProcessXml, DEFAULT_PROCESS_KEY } from '../core/bpmn/default-process';
import type { ProcessDefinitionService } from '../core/processes/process-definition.service';

/** On first start, deploy the complaint process that ships with Redress (version 1). */
export async function ensureDefaultProcess(processes: ProcessDefinitionService): Promise<void> {
  if (await processes.latest(DEFAULT_PROCESS_KEY)) return;
  const result = await processes.deploy(
    loadDefaultProcessXml(),
    'system',
    'Default complaint process shipped with Redress',
  );
  if (!result.ok) {
    throw new Error(
      `The shipped default process does not compile:\n${result.errors.map((e) => `  ${e.elementId}: ${e.message}`).join('\n')}`,
    );
  }
}
