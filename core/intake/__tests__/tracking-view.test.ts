import type { OutboundMessage } from '../../db/entities';
import { sentMessages, stageSteps } from '../tracking.service';

const at = (minute: number): Date => new Date(Date.UTC(2026, 2, 1, 9, minute));

describe('what the tracking page shows', () => {
  it('should list the stages in order from received, without repeats, ending at the current one', () => {
    // given the stage changes the workflow recorded
    const entries = [
      { data: { from: 'received', to: 'acknowledged' }, occurredAt: at(1) },
      { data: { from: 'acknowledged', to: 'triage' }, occurredAt: at(2) },
      { data: { from: 'triage', to: 'investigation' }, occurredAt: at(3) },
      { data: { from: 'investigation', to: 'investigation' }, occurredAt: at(4) },
    ];
    // then the timeline has each stage once, in order
    const steps = stageSteps({ stage: 'investigation', createdAt: at(0), updatedAt: at(4) }, entries);
    expect(steps.map((s) => s.stage)).toEqual(['received', 'acknowledged', 'triage', 'investigation']);
    expect(steps[0]!.at).toEqual(at(0));
  });

  it("should end at the complaint's stage even before the timeline caught up", () => {
    const steps = stageSteps({ stage: 'acknowledged', createdAt: at(0), updatedAt: at(1) }, []);
    expect(steps.map((s) => s.stage)).toEqual(['received', 'acknowledged']);
  });

  it('should show each notification once, preferring the email to the SMS', () => {
    const row = (key: string, channel: 'email' | 'sms', minute: number): OutboundMessage =>
      ({
        idempotencyKey: `${key}:${channel}`,
        channel,
        template: 'acknowledgment',
        subject: channel === 'email' ? 'Subject' : null,
        body: `${channel} body`,
        createdAt: at(minute),
        sentAt: at(minute),
      }) as OutboundMessage;
    const shown = sentMessages([row('wf:w1', 'sms', 1), row('wf:w1', 'email', 2), row('wf:w2', 'sms', 3)]);
    expect(shown.map((m) => `${m.channel}:${m.text}`)).toEqual(['email:email body', 'sms:sms body']);
  });
});
