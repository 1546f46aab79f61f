import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Process key under which the default complaint process is deployed (its BPMN process id). */
export const DEFAULT_PROCESS_KEY = 'complaint';

/**
 * The BPMN XML of the complaint process Redress ships with, deployed when no process owner has
 * deployed their own yet. The file sits next to this module (a build must copy `processes/`).
 */
export function loadDefaultProcessXml(): string {
  return readFileSync(path.join(__dirname, 'processes', 'complaint.bpmn'), 'utf8');
}
