import type { WorkflowHandle } from '@temporalio/client';
import { Complaint } from '../../core/db/entities';
import type { CaughtMail } from '../../core/infra/smtp-catcher';
import { completeTask, investigation, state } from './drive';
import { eventually, type TestSystem } from './test-system';

/** The emails of one template (kind) a customer received, as the SMTP catcher got them. */
export function mailOfKind(
  sys: TestSystem,
  address: string,
  kind: string,
  count = 1,
  timeoutMs = 30_000,
): Promise<CaughtMail[]> {
  return eventually(
    `${count} "${kind}" email(s) to ${address}`,
    async () => {
      const mail = (await sys.mailTo(address)).filter((m) => m.headers['x-redress-template'] === kind);
      return mail.length >= count ? mail : undefined;
    },
    timeoutMs,
  );
}

/** Staff work the complaint to its answer (through the workflow's own Update), until the survey is sent. */
export async function resolveToSurvey(sys: TestSystem, handle: WorkflowHandle): Promise<void> {
  await completeTask(handle, 'investigate', investigation(40, 'repair'));
  // Classification may call the case serious: then an approver signs the remedy off.
  const next = await eventually('the answer or an approval', async () => {
    const s = await state(handle);
    return s.stage === 'survey'
      ? 'survey'
      : s.openTasks.some((t) => t.elementId === 'approveRemedy')
        ? 'approval'
        : undefined;
  });
  if (next === 'approval')
    await completeTask(handle, 'approveRemedy', { decision: 'approve', reason: 'Within policy' });
  await eventually('the survey stage', async () => (await state(handle)).stage === 'survey');
  // the page reads the stage the workflow recorded in the database, a moment after the workflow moved
  const { complaintId } = await state(handle);
  await eventually(
    'the survey stage on record',
    async () =>
      (await sys.dataSource.getRepository(Complaint).findOneByOrFail({ id: complaintId })).stage === 'survey',
  );
}

/** The survey link in the invitation email. */
export function surveyPathIn(mail: CaughtMail): string {
  const match = /\/survey\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`no survey link in:\n${mail.text}`);
  return `/survey/${match[1]}`;
}
