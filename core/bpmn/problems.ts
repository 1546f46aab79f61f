/**
 * A problem found in a BPMN model at deploy time, shown to the process owner next to the element.
 * `elementId` is the BPMN id of the element at fault, or `''` when the problem is the document itself
 * (too big, not XML, no process…).
 */
export interface DeployProblem {
  elementId: string;
  message: string;
  /** Name of the deploy rule that found it (see `rules.ts`); absent for document-level problems. */
  rule?: string;
}

/** elementId used for problems that concern the whole document rather than one element. */
export const DOCUMENT_PROBLEM_ID = '';
