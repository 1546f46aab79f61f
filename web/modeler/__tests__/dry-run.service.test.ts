import { loadDefaultProcessXml } from '../../../core/bpmn/default-process';
import { loadConfig } from '../../../core/config/config';
import { TemplateRenderer } from '../../../templates/renderer';
import { DryRunModelError, DryRunService } from '../dry-run.service';

const investigation = {
  findings: 'The heating element failed.',
  complaintDecision: 'upheld',
  remedyType: 'replacement',
  remedyAmount: 40,
  response: 'We will send you a new kettle this week.',
};

describe('dry run of a model on the real interpreter', () => {
  const service = new DryRunService(
    loadConfig({ ORGANISATION_NAME: 'Northwind' }),
    new TemplateRenderer(),
    () => Date.UTC(2026, 2, 2, 9),
  );
  const xml = loadDefaultProcessXml();

  it('should follow the happy path of the default process and say what it would send', async () => {
    // given answers for every task and a satisfied survey answer
    const result = await service.run({
      xml,
      answers: { investigate: investigation },
      messages: [{ name: 'surveyAnswered', variables: { surveyAnswer: { satisfaction: 5, solved: true } } }],
    });
    // then the run ends, past investigation, without approval (40 is under the limit), satisfied
    expect(result.completed).toBe(true);
    const path = result.path.map((step) => step.elementId);
    expect(path.slice(0, 3)).toEqual(['start', 'notifyAcknowledgment', 'classify']);
    expect(path).toEqual(expect.arrayContaining(['investigate', 'recordSatisfied', 'closed']));
    expect(path).not.toContain('approveRemedy');
    expect(path).not.toContain('surveyReminderTimer');
    // and the stages the customer would see, in order
    expect(result.stages.map((stage) => stage.to)).toEqual([
      'received',
      'acknowledged',
      'triage',
      'investigation',
      'resolution',
      'survey',
      'closed',
    ]);
    // and the messages are rendered with the real templates, never sent
    const ack = result.messages.filter((message) => message.template === 'acknowledgment');
    expect(ack.map((message) => message.channel).sort()).toEqual(['email', 'sms']);
    expect(ack.find((message) => message.channel === 'email')?.subject).toEqual(expect.any(String));
    expect(result.messages.find((message) => message.template === 'resolution')?.text).toContain(
      'We will send you a new kettle',
    );
    expect(result.messages.filter((message) => message.error)).toEqual([]);
  });

  it("should take the approval path when the remedy is above the agent's limit", async () => {
    const result = await service.run({
      xml,
      answers: {
        investigate: { ...investigation, remedyAmount: 900 },
        approveRemedy: { decision: 'approve' },
      },
      messages: [{ name: 'surveyAnswered', variables: { surveyAnswer: { satisfaction: 4, solved: true } } }],
    });
    expect(result.completed).toBe(true);
    expect(result.path.map((step) => step.elementId)).toContain('approveRemedy');
    expect(result.userTasks.map((task) => task.elementId)).toEqual(['investigate', 'approveRemedy']);
  });

  it('should fire the timers of a task left undone and of a survey nobody answers', async () => {
    // given the investigation is left undone and no survey answer comes
    const result = await service.run({
      xml,
      answers: { investigate: null, supervisorInvestigation: investigation },
    });
    // then the reminders and the deadline fire, the supervisor takes over, and the survey times out
    expect(result.timersFired).toEqual(
      expect.arrayContaining([
        'investigationReminder',
        'investigationDeadline',
        'surveyReminderTimer',
        'surveyTimedOut',
      ]),
    );
    expect(result.messages.map((message) => message.template)).toContain('sla-apology');
    expect(result.path.map((step) => step.elementId)).toContain('recordTimedOut');
    expect(result.completed).toBe(true);
  });

  it('should stop and say why when a task is left undone and nothing else can happen', async () => {
    const result = await service.run({ xml, answers: { investigate: null, supervisorInvestigation: null } });
    expect(result.completed).toBe(false);
    expect(result.stoppedBecause).toMatch(/Supervisor investigation/);
  });

  it('should NOT run a model that does not deploy', async () => {
    await expect(service.run({ xml: xml.replace('redress:taskType="classify"', '') })).rejects.toBeInstanceOf(
      DryRunModelError,
    );
  });
});
