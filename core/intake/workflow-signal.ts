import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { customerMessageSignal } from '../../workflows/complaint.messages';

/**
 * Sends a BPMN message (`customerReplied`, `surveyAnswered`…) to a complaint's workflow. Returns
 * false when the workflow is no longer running (a closed complaint): the caller keeps what it stored.
 */
export async function signalComplaint(
  temporal: Client,
  workflowId: string,
  name: string,
  variables: Record<string, unknown>,
): Promise<boolean> {
  try {
    await temporal.workflow.getHandle(workflowId).signal(customerMessageSignal, { name, variables });
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
