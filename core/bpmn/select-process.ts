import { is, type Definitions, type Process } from './moddle-types';
import { DOCUMENT_PROBLEM_ID, type DeployProblem } from './problems';

/** The chosen process, or why none could be chosen. */
export type ProcessSelection = { process: Process } | { problem: DeployProblem };

/**
 * The process to compile: the one named `processId`; else the only executable one; else, when no
 * process is marked executable (common in files from other tools), the first that has any elements.
 */
export function selectProcess(definitions: Definitions, processId?: string): ProcessSelection {
  const processes = (definitions.rootElements ?? []).filter((element) => is(element, 'bpmn:Process'));
  const ids = processes.map((process) => process.id ?? '').join(', ');
  const problem = (message: string): ProcessSelection => ({
    problem: { elementId: DOCUMENT_PROBLEM_ID, message },
  });
  if (processId !== undefined) {
    const named = processes.find((process) => process.id === processId);
    return named
      ? { process: named }
      : problem(`no process with id "${processId}" in the file (found: ${ids || 'none'})`);
  }
  if (processes.length === 0) return problem('the file contains no process');
  const executable = processes.filter((process) => process.isExecutable === true);
  if (executable.length > 1) {
    return problem(
      `the file has ${executable.length} executable processes (${ids}): say which one to deploy`,
    );
  }
  const chosen =
    executable[0] ?? processes.find((process) => (process.flowElements ?? []).length > 0) ?? processes[0]!;
  return { process: chosen };
}
