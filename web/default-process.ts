import { loadDefaultProcessXml, DEFAULT_PROCESS_KEY } from '../core/bpmn/default-process';
import type { ProcessDefinitionService } from '../core/processes/process-definition.service';

/** Who deploys the shipped model; a version deployed by anyone else is a process owner's own. */
const SHIPPED_BY = 'system';

/**
 * Deploys the complaint process that ships with Redress: version 1 on first start, and a new version
 * when an upgrade ships a changed model and nobody has deployed their own since (the latest version
 * is the system's and differs from the shipped file). A process owner's model is never replaced.
 * Running complaints keep the version they started on; new ones get the latest.
 * @throws Error when the shipped model does not compile (a packaging mistake).
 */
export async function ensureDefaultProcess(processes: ProcessDefinitionService): Promise<void> {
  const latest = await processes.latest(DEFAULT_PROCESS_KEY);
  const shipped = loadDefaultProcessXml();
  if (latest && (latest.deployedBy !== SHIPPED_BY || latest.bpmnXml === shipped)) return;
  const result = await processes.deploy(
    shipped,
    SHIPPED_BY,
    latest
      ? `Default complaint process shipped with Redress (updated; was version ${latest.version})`
      : 'Default complaint process shipped with Redress',
  );
  if (!result.ok) {
    throw new Error(
      `The shipped default process does not compile:\n${result.errors.map((e) => `  ${e.elementId}: ${e.message}`).join('\n')}`,
    );
  }
}
