import { BpmnModdle } from 'bpmn-moddle';
import type { Definitions } from './moddle-types';
import type { DeployProblem } from './problems';
import redressDescriptor from './redress.moddle.json';
import { findXmlHazard } from './xml-guard';

/** Thrown by `parseBpmn` when the input is refused (hostile or not BPMN XML); the message says why. */
export class BpmnInputError extends Error {
  override name = 'BpmnInputError';
}

/** A parsed model and what moddle found odd but could read (unknown attributes, broken references). */
export interface ParsedBpmn {
  definitions: Definitions;
  warnings: DeployProblem[];
}

let moddle: BpmnModdle | undefined;

/**
 * Parse BPMN 2.0 XML with the Redress moddle extension. Hostile input (over 2 MB, a DOCTYPE or
 * entity declaration, nesting over 200 deep, not XML) is refused before the parser sees it.
 * @throws BpmnInputError when the input is refused or is not a BPMN document.
 */
export async function parseBpmn(xml: string): Promise<ParsedBpmn> {
  const hazard = findXmlHazard(xml);
  if (hazard) throw new BpmnInputError(hazard);
  moddle ??= new BpmnModdle({ redress: redressDescriptor });
  let result;
  try {
    result = await moddle.fromXML(xml, 'bpmn:Definitions');
  } catch (error) {
    throw new BpmnInputError(`not a BPMN 2.0 document: ${firstLine((error as Error).message)}`);
  }
  const warnings = result.warnings.map((warning) => ({
    elementId: warning.element?.id ?? '',
    message: firstLine(warning.message),
  }));
  return { definitions: result.rootElement as Definitions, warnings };
}

// moddle appends "line: … column: … nested error: …" on following lines; the first says what.
function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}
