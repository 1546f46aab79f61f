import { taskSla } from '../complaint-history.service';
import { decodePayload, formatDuration, formatHistoryEvents, summarise } from '../temporal-history';

const json = (value: unknown) => ({
  metadata: { encoding: Buffer.from('json/plain').toString('base64') },
  data: Buffer.from(JSON.stringify(value)).toString('base64'),
});

describe('Temporal history in words', () => {
  it('should decode JSON payloads and name the others', () => {
    expect(decodePayload(json({ a: 1 }))).toEqual({ a: 1 });
    expect(
      decodePayload({ metadata: { encoding: Buffer.from('binary/null').toString('base64') } }),
    ).toBeNull();
    expect(
      decodePayload({
        metadata: { encoding: Buffer.from('binary/encrypted').toString('base64') },
        data: 'xx',
      }),
    ).toBe('<binary/encrypted payload>');
  });

  it('should write durations in words', () => {
    expect(formatDuration({ seconds: '432000', nanos: 0 })).toBe('5 d');
    expect(formatDuration('5400s')).toBe('1 h 30 min');
    expect(formatDuration({ seconds: '1', nanos: 500_000_000 })).toBe('1.5 s');
  });

  it('should shorten long values', () => {
    expect(summarise({ text: 'x'.repeat(100) })).toBe(`{"text":"${'x'.repeat(57)}…"}`);
    expect(summarise([1, 2, 3, 4, 5, 6, 7])).toBe('[1,2,3,4,5,"…2 more"]');
  });

  it('should resolve activity, timer and update names across events and mark outcomes', () => {
    const events = formatHistoryEvents([
      {
        eventId: '5',
        eventTime: 't5',
        eventType: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
        activityTaskScheduledEventAttributes: {
          activityType: { name: 'executeServiceTask' },
          input: { payloads: [json({ taskType: 'notify', elementId: 'ack', waitId: 'w1' })] },
        },
      },
      {
        eventId: '6',
        eventTime: 't6',
        eventType: 'EVENT_TYPE_ACTIVITY_TASK_STARTED',
        activityTaskStartedEventAttributes: {
          scheduledEventId: '5',
          attempt: 3,
          lastFailure: { message: 'SMTP down' },
        },
      },
      {
        eventId: '7',
        eventTime: 't7',
        eventType: 'EVENT_TYPE_ACTIVITY_TASK_FAILED',
        activityTaskFailedEventAttributes: {
          scheduledEventId: '5',
          failure: { message: 'Activity task failed', cause: { message: 'SMTP down' } },
          retryState: 4,
        },
      },
      {
        eventId: '8',
        eventTime: 't8',
        eventType: 'EVENT_TYPE_TIMER_STARTED',
        timerStartedEventAttributes: { timerId: '1', startToFireTimeout: { seconds: '3600' } },
      },
      {
        eventId: '9',
        eventTime: 't9',
        eventType: 'EVENT_TYPE_TIMER_FIRED',
        timerFiredEventAttributes: { timerId: '1' },
      },
      {
        eventId: '10',
        eventTime: 't10',
        eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
        workflowExecutionUpdateAcceptedEventAttributes: {
          acceptedRequest: {
            meta: { updateId: 'u1' },
            input: {
              name: 'completeTask',
              args: { payloads: [json({ waitId: 'w3', actor: { username: 'ann@x' } })] },
            },
          },
        },
      },
      {
        eventId: '11',
        eventTime: 't11',
        eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED',
        workflowExecutionUpdateCompletedEventAttributes: {
          meta: { updateId: 'u1' },
          outcome: { failure: { message: 'Invalid form data' } },
        },
      },
      {
        eventId: '12',
        eventTime: 't12',
        eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED',
        workflowExecutionSignaledEventAttributes: {
          signalName: 'customerMessage',
          input: {
            payloads: [json({ name: 'surveyAnswered', variables: { surveyAnswer: { satisfaction: 2 } } })],
          },
        },
      },
    ]);
    expect(events.map((e) => [e.label, e.summary, e.outcome])).toEqual([
      ['Activity scheduled', 'executeServiceTask: task type notify, element ack, wait w1', undefined],
      ['Activity started', 'executeServiceTask, attempt 3 (previous attempt failed: SMTP down)', undefined],
      [
        'Activity failed',
        'executeServiceTask: Activity task failed: SMTP down (maximum attempts reached)',
        'failed',
      ],
      ['Timer started', 'timer 1 for 1 h', undefined],
      ['Timer fired', 'timer 1 (1 h)', undefined],
      ['Update accepted', 'completeTask by ann@x for wait w3', 'accepted'],
      ['Update completed', 'completeTask failed: Invalid form data', 'failed'],
      [
        'Signal received',
        'customerMessage → message "surveyAnswered" {"surveyAnswer":{"satisfaction":2}}',
        undefined,
      ],
    ]);
  });
});

describe('task deadlines', () => {
  const now = new Date('2025-01-10T00:00:00Z');
  const due = new Date('2025-01-05T00:00:00Z');
  it('should tell met, missed, overdue, pending, withdrawn and none apart', () => {
    expect(
      taskSla({ status: 'completed', dueAt: due, completedAt: new Date('2025-01-04T00:00:00Z') }, now),
    ).toBe('met');
    expect(
      taskSla({ status: 'completed', dueAt: due, completedAt: new Date('2025-01-06T00:00:00Z') }, now),
    ).toBe('missed');
    expect(
      taskSla({ status: 'cancelled', dueAt: due, completedAt: new Date('2025-01-06T00:00:00Z') }, now),
    ).toBe('missed');
    expect(
      taskSla({ status: 'cancelled', dueAt: due, completedAt: new Date('2025-01-04T00:00:00Z') }, now),
    ).toBe('withdrawn');
    expect(taskSla({ status: 'open', dueAt: due, completedAt: null }, now)).toBe('overdue');
    expect(taskSla({ status: 'open', dueAt: new Date('2025-02-01T00:00:00Z'), completedAt: null }, now)).toBe(
      'pending',
    );
    expect(taskSla({ status: 'open', dueAt: null, completedAt: null }, now)).toBe('none');
  });
});
