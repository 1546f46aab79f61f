import type { ChildProcess } from 'node:child_process';
import { OutboundMessage } from '../../core/db/entities';
import { submitComplaint } from '../support/drive';
import { killHard, spawnChildWorker, startHoldingRelay } from '../support/customer-fault';
import { mailOfKind } from '../support/customer-journey';
import { eventually, harness, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

// The acknowledgment activity is retried only once its start-to-close timeout (30 seconds) has passed.
jest.setTimeout(6 * 60_000);

describe('a worker killed (SIGKILL) while the acknowledgment is being sent', () => {
  let sys: TestSystem;
  const children: ChildProcess[] = [];
  let relay: Awaited<ReturnType<typeof startHoldingRelay>> | undefined;
  beforeAll(async () => {
    sys = await startTestSystem();
    // the in-process worker steps aside: a worker in a child process does the work
    await sys.stopWorker();
  });
  afterAll(async () => {
    for (const child of children) await killHard(child);
    await relay?.stop();
    await sys?.close();
  });

  it('should leave the customer with exactly one acknowledgment email after the restart', async () => {
    // given a worker whose mail server is slow to answer
    relay = await startHoldingRelay(harness().smtpUrl);
    children.push(await spawnChildWorker(sys, { SMTP_URL: relay.url }));

    // when a complaint arrives and the acknowledgment is in flight (outbox row "sending", SMTP DATA sent, no answer yet)
    const email = uniqueEmail('killed');
    const { complaint } = await submitComplaint(sys, { email });
    const repo = sys.dataSource.getRepository(OutboundMessage);
    await eventually('the acknowledgment in flight', async () => {
      const row = await repo.findOneBy({
        complaintId: complaint.id,
        template: 'acknowledgment',
        channel: 'email',
      });
      return row?.status === 'sending' && relay!.held.some((m) => m.to.includes(email));
    });
    // the worker is killed outright
    await killHard(children[0]!);
    await eventually('the relay to see the connection drop', () =>
      relay!.held.every((m) => relay!.closedSessions.has(m.session)),
    );
    relay.release(); // the mail server now answers at once; what the dead worker sent is dropped
    expect(await sys.mailTo(email)).toHaveLength(0);

    // then a restarted worker finishes the acknowledgment
    children.push(await spawnChildWorker(sys, { SMTP_URL: relay.url }));
    await mailOfKind(sys, email, 'acknowledgment', 1, 4 * 60_000);
    // and the process carries on (the next message goes out), still with exactly one acknowledgment
    await mailOfKind(sys, email, 'stage-changed');
    const acks = (await sys.mailTo(email)).filter(
      (m) => m.headers['x-redress-template'] === 'acknowledgment',
    );
    expect(acks).toHaveLength(1);
    expect(acks[0]!.subject).toContain(complaint.trackingCode);
    const row = await repo.findOneByOrFail({
      complaintId: complaint.id,
      template: 'acknowledgment',
      channel: 'email',
    });
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(
      await repo.countBy({ complaintId: complaint.id, template: 'acknowledgment', channel: 'email' }),
    ).toBe(1);
  });
});
