import type { Client, WorkflowHandle } from '@temporalio/client';
import { Complaint } from '../../core/db/entities';
import {
  complaintStateQuery,
  completeTaskUpdate,
  customerMessageSignal,
  type Actor,
  type ComplaintState,
  type OpenTask,
} from '../../workflows/complaint.messages';
import { eventually, type TestSystem } from './test-system';

export const ADMIN_ACTOR: Actor = {
  userId: 'test-admin',
  username: 'admin@staff.test',
  roles: ['admin'],
  groups: [],
};

/** Submits a complaint through the real HTTP API and returns its row and workflow handle. */
export async function submitComplaint(
  sys: TestSystem,
  overrides: Partial<{
    email: string;
    phone: string;
    locale: string;
    subject: string;
    description: string;
  }> = {},
): Promise<{ complaint: Complaint; handle: WorkflowHandle }> {
  const res = await fetch(`${sys.baseUrl}/api/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      customer: {
        name: 'Test Customer',
        email: overrides.email,
        phone: overrides.phone,
        locale: overrides.locale ?? 'en',
      },
      channel: 'web',
      subject: overrides.subject ?? 'Broken kettle',
      description:
        overrides.description ?? 'The kettle stopped working after two days and the handle is damaged.',
    }),
  });
  if (res.status !== 201) throw new Error(`intake failed: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  const complaint = await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id });
  return { complaint, handle: sys.temporal.workflow.getHandle(complaint.workflowId) };
}

export const state = (handle: WorkflowHandle): Promise<ComplaintState> => handle.query(complaintStateQuery);

/** Waits until the workflow has an open user task on `elementId`. */
export function openTask(handle: WorkflowHandle, elementId: string, timeoutMs = 30_000): Promise<OpenTask> {
  return eventually(
    `an open "${elementId}" task`,
    async () => (await state(handle)).openTasks.find((t) => t.elementId === elementId),
    timeoutMs,
  );
}

/** Completes the open task on `elementId` through the same Update the inbox uses. */
export async function completeTask(
  handle: WorkflowHandle,
  elementId: string,
  data: Record<string, unknown>,
  actor: Actor = ADMIN_ACTOR,
) {
  const task = await openTask(handle, elementId);
  return handle.executeUpdate(completeTaskUpdate, { args: [{ waitId: task.waitId, data, actor }] });
}

export async function answerSurvey(
  handle: WorkflowHandle,
  satisfaction: number,
  solved: boolean,
): Promise<void> {
  await eventually('the survey stage', async () => (await state(handle)).stage === 'survey');
  await handle.signal(customerMessageSignal, {
    name: 'surveyAnswered',
    variables: { surveyAnswer: { satisfaction, solved, comment: 'test' } },
  });
}

/** Elements entered, in order, from the timeline the workflow recorded. */
export async function pathOf(sys: TestSystem, complaintId: string): Promise<string[]> {
  const rows = await sys.dataSource.query<{ elementId: string }[]>(
    `SELECT "elementId" FROM "timeline_entry" WHERE "complaintId" = $1 AND "kind" = 'elementEntered' ORDER BY "seq"`,
    [complaintId],
  );
  return rows.map((r) => r.elementId);
}

/** An investigation form's answers: the remedy, and the decision on the complaint (upheld unless no remedy). */
export const investigation = (
  remedyAmount: number,
  remedyType = 'refund',
  complaintDecision = remedyType === 'none' ? 'not_upheld' : 'upheld',
) => ({
  findings: 'Heating element failed; the product is faulty.',
  complaintDecision,
  remedyType,
  remedyAmount,
  response: 'We are sorry. We will refund you in full.',
  rootCause: 'Supplier batch defect',
});

export async function waitForCompletion(client: Client, workflowId: string): Promise<unknown> {
  return client.workflow.getHandle(workflowId).result();
}
