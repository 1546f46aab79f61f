import { findXmlHazard } from '../../core/bpmn/xml-guard';
import {
  ForeignImportError,
  importForeignBpmn,
  type ForeignImportResult,
} from '../../modeler/import/camunda-import';

/** Thrown when a file is refused before or while reading it; the message says why. */
export class ImportRefusedError extends Error {}

/**
 * Imports a BPMN file from another modeler: hostile XML (entities, huge, too deep) is refused before
 * parsing, then Camunda's attributes are translated and the rest is reported (modeler/import/).
 * @throws ImportRefusedError
 */
export async function importBpmnFile(xml: string): Promise<ForeignImportResult> {
  const hazard = findXmlHazard(xml);
  if (hazard) throw new ImportRefusedError(hazard);
  try {
    return await importForeignBpmn(xml);
  } catch (error) {
    if (error instanceof ForeignImportError) throw new ImportRefusedError(error.message);
    throw error;
  }
}
