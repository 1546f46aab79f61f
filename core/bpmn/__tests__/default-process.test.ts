import { parseExpression } from 'feelin';
import type { CompiledElement, CompiledProcess } from '../../../workflows/engine/types';
import { compileBpmn } from '../compile';
import { DEFAULT_PROCESS_KEY, loadDefaultProcessXml } from '../default-process';
import { parseBpmn } from '../parse';

// What the workflow passes at start, what activities, forms and messages add on the way.
const KNOWN_VARIABLES = new Set([
  ...['complaintId', 'trackingCode', 'customer', 'channel', 'subject', 'description', 'desiredRemedy'],
  ...['approvalLimit', 'sla', 'reopenCount'],
  ...['type', 'category', 'severity', 'priority', 'department'], // classify
  ...['findings', 'complaintDecision', 'remedyType', 'remedyAmount', 'response', 'rootCause'], // investigation
  ...['decision', 'reason'], // approval
  ...['survey', 'surveyAnswer'], // createSurvey, surveyAnswered message
]);

let process: CompiledProcess;

beforeAll(async () => {
  const result = await compileBpmn(loadDefaultProcessXml());
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  expect(result.warnings).toEqual([]);
  process = result.process;
});

const element = (id: string): CompiledElement => {
  const found = process.elements[id];
  if (!found) throw new Error(`no element ${id}`);
  return found;
};
const ofKind = (kind: CompiledElement['kind']): CompiledElement[] =>
  Object.values(process.elements).filter((candidate) => candidate.kind === kind);
const isNotify = (candidate: CompiledElement): boolean => candidate.serviceTask?.type === 'notify';

describe('the default complaint process', () => {
  it('should compile as process "complaint" with the expected element kinds', () => {
    expect(process.id).toBe(DEFAULT_PROCESS_KEY);
    expect(process.startEventId).toBe('start');
    const kinds: Record<string, number> = {};
    for (const candidate of Object.values(process.elements))
      kinds[candidate.kind] = (kinds[candidate.kind] ?? 0) + 1;
    expect(kinds).toEqual({
      startEvent: 1,
      endEvent: 2,
      serviceTask: 16,
      userTask: 4,
      exclusiveGateway: 9,
      eventBasedGateway: 2,
      messageCatch: 2,
      timerCatch: 2,
      boundaryTimer: 2,
    });
  });

  it('should acknowledge by email and SMS, then classify', () => {
    expect(element('notifyAcknowledgment')).toMatchObject({
      stage: 'acknowledged',
      serviceTask: { type: 'notify', params: { template: 'acknowledgment', channels: 'email,sms' } },
    });
    expect(element('classify')).toMatchObject({ stage: 'triage', serviceTask: { type: 'classify' } });
  });

  it('should route the investigation to the department, with its SLA and form', () => {
    const investigate = element('investigate');
    expect(investigate).toMatchObject({
      kind: 'userTask',
      stage: 'investigation',
      userTask: { candidateGroups: ['=department'], dueIn: '=sla.investigation' },
      boundaryEvents: ['investigationReminder', 'investigationDeadline'],
    });
    const form = investigate.userTask?.form as {
      components: { key: string; type: string; validate?: object }[];
    };
    expect(form.components.map(({ key, type, validate }) => [key, type, validate])).toEqual([
      ['findings', 'textarea', { required: true }],
      ['complaintDecision', 'radio', { required: true }],
      ['remedyType', 'select', { required: true }],
      ['remedyAmount', 'number', { min: 0 }],
      ['response', 'textarea', { required: true }],
      ['rootCause', 'textfield', undefined],
    ]);
    expect(element('supervisorInvestigation').userTask).toEqual({ candidateGroups: ['supervisors'], form });
    // the decision regulators count, in their three categories (the values complaint.decision takes)
    expect(form.components.find((c) => c.key === 'complaintDecision')).toMatchObject({
      values: [{ value: 'upheld' }, { value: 'partly_upheld' }, { value: 'not_upheld' }],
    });
  });

  it('should remind on a cycle and escalate a missed deadline to a supervisor with an apology', () => {
    expect(element('investigationReminder')).toMatchObject({
      cancelActivity: false,
      timer: { kind: 'cycle', expression: '=sla.investigationReminderCycle' },
    });
    expect(element('investigationDeadline')).toMatchObject({
      cancelActivity: true,
      timer: { kind: 'duration', expression: '=sla.investigationDeadline' },
    });
    expect(element('escalateReminder').serviceTask).toEqual({
      type: 'escalate',
      params: { level: 'reminder' },
    });
    expect(element('escalateBreach').serviceTask).toEqual({ type: 'escalate', params: { level: 'breach' } });
    expect(element('notifySlaApology').serviceTask?.params.template).toBe('sla-apology');
  });

  it('should ask for approval above the limit or for severe cases, and go back on rejection', () => {
    expect(element('approvalNeeded').defaultFlow).toBe('noApprovalNeeded');
    expect(process.flows.toApproval?.condition).toBe('remedyAmount > approvalLimit or severity = "high"');
    expect(element('approveRemedy').userTask?.candidateGroups).toEqual(['approvers']);
    expect(process.flows.remedyRejected).toMatchObject({
      condition: 'decision = "reject"',
      target: 'mergeInvestigation',
    });
  });

  it('should survey the customer, remind once, and time out', () => {
    expect(element('createSurvey').serviceTask).toEqual({
      type: 'createSurvey',
      params: {},
      resultVariable: 'survey',
    });
    for (const gateway of ofKind('eventBasedGateway')) {
      const targets = gateway.outgoing.map((id) => element(process.flows[id]!.target).kind).sort();
      expect(targets).toEqual(['messageCatch', 'timerCatch']);
    }
    expect(ofKind('messageCatch').map((catchEvent) => catchEvent.messageName)).toEqual([
      'surveyAnswered',
      'surveyAnswered',
    ]);
    expect(ofKind('timerCatch').map((timer) => timer.timer?.expression)).toEqual([
      '=sla.surveyReminder',
      '=sla.surveyTimeout',
    ]);
    expect(element('recordTimedOut').serviceTask?.params.outcome).toBe('survey-timed-out');
  });

  it('should close when satisfied, review a second reopen, and reopen once otherwise', () => {
    expect(process.flows.isSatisfied?.condition).toBe(
      'surveyAnswer.satisfaction >= 3 and surveyAnswer.solved = true',
    );
    expect(process.flows.reopenedAgain?.condition).toBe('reopenCount >= 1');
    expect(element('escalateReopen').serviceTask?.params).toEqual({
      level: 'reopen',
      reopenCount: '=reopenCount',
    });
    expect(process.flows.f_reopened?.target).toBe('mergeInvestigation');
    expect(element('notifyClosure')).toMatchObject({
      stage: 'closed',
      serviceTask: { params: { template: 'closure' } },
    });
  });

  it('should tell the customer of every stage change', () => {
    // Walk every path: a stage may change only at a notify task or at the task right after one.
    type State = { id: string; stage: string; afterNotify: boolean };
    const seen = new Set<string>();
    const queue: State[] = [{ id: process.startEventId, stage: 'received', afterNotify: false }];
    const silent: string[] = [];
    for (let state = queue.pop(); state; state = queue.pop()) {
      const key = `${state.id}|${state.stage}|${state.afterNotify}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const current = element(state.id);
      if (current.stage && current.stage !== state.stage && !isNotify(current) && !state.afterNotify)
        silent.push(current.id);
      const stage = current.stage ?? state.stage;
      const isTask = current.kind === 'userTask' || current.kind === 'serviceTask';
      const afterNotify = isTask ? isNotify(current) : state.afterNotify;
      const next = [
        ...current.outgoing.map((id) => process.flows[id]!.target),
        ...(current.boundaryEvents ?? []),
      ];
      for (const id of next) queue.push({ id, stage, afterNotify });
    }
    expect(silent).toEqual([]);
    expect(seen.size).toBeGreaterThan(Object.keys(process.elements).length);
  });

  it('should use only variables the workflow, activities, forms and messages provide', () => {
    // Conditions are always FEEL; other values only when they start with `=`.
    const conditions = Object.values(process.flows).flatMap((flow) =>
      flow.condition ? [flow.condition] : [],
    );
    const values = Object.values(process.elements).flatMap((candidate) => [
      ...Object.values(candidate.serviceTask?.params ?? {}),
      ...(candidate.userTask?.candidateGroups ?? []),
      candidate.userTask?.dueIn ?? '',
      candidate.timer?.expression ?? '',
    ]);
    const feel = [
      ...conditions,
      ...values.filter((value) => value.startsWith('=')).map((value) => value.slice(1)),
    ];
    const names = new Set<string>();
    for (const source of feel) {
      parseExpression(source, {}, undefined).iterate({
        enter(node) {
          if (node.name === 'VariableName') names.add(source.slice(node.from, node.to));
        },
      });
    }
    expect([...names].filter((name) => !KNOWN_VARIABLES.has(name))).toEqual([]);
    expect(names).toContain('surveyAnswer');
  });
});

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface DiElement {
  $type: string;
  bpmnElement?: { id?: string; $type: string };
  bounds?: Bounds;
  waypoint?: { x: number; y: number }[];
}

describe('the default process diagram', () => {
  let shapes: Map<string, Bounds>;
  let edges: Map<string, { x: number; y: number }[]>;

  beforeAll(async () => {
    const { definitions } = await parseBpmn(loadDefaultProcessXml());
    const diagrams = (definitions as unknown as { diagrams: { plane: { planeElement: DiElement[] } }[] })
      .diagrams;
    const planeElements = diagrams[0]?.plane.planeElement ?? [];
    shapes = new Map(
      planeElements.filter((di) => di.bounds).map((di) => [di.bpmnElement?.id ?? '', di.bounds!]),
    );
    edges = new Map(
      planeElements.filter((di) => di.waypoint).map((di) => [di.bpmnElement?.id ?? '', di.waypoint!]),
    );
  });

  const onBorder = (point: { x: number; y: number }, box: Bounds): boolean => {
    const inX = point.x >= box.x && point.x <= box.x + box.width;
    const inY = point.y >= box.y && point.y <= box.y + box.height;
    const onVertical = (point.x === box.x || point.x === box.x + box.width) && inY;
    const onHorizontal = (point.y === box.y || point.y === box.y + box.height) && inX;
    return onVertical || onHorizontal;
  };

  it('should have a shape for every element and an edge for every flow', () => {
    expect([...shapes.keys()].sort()).toEqual(Object.keys(process.elements).sort());
    expect([...edges.keys()].sort()).toEqual(Object.keys(process.flows).sort());
  });

  it('should start and end every edge on the border of its source and target, left to right', () => {
    for (const flow of Object.values(process.flows)) {
      const points = edges.get(flow.id)!;
      const [first, last] = [points[0]!, points[points.length - 1]!];
      expect({ flow: flow.id, start: onBorder(first, shapes.get(flow.source)!) }).toEqual({
        flow: flow.id,
        start: true,
      });
      expect({ flow: flow.id, end: onBorder(last, shapes.get(flow.target)!) }).toEqual({
        flow: flow.id,
        end: true,
      });
      // only orthogonal segments: readable in every modeler
      for (let index = 1; index < points.length; index += 1) {
        const [a, b] = [points[index - 1]!, points[index]!];
        expect(a.x === b.x || a.y === b.y).toBe(true);
      }
    }
  });

  it('should not overlap shapes, except boundary events on their activity', () => {
    const entries = [...shapes.entries()];
    const overlaps: string[] = [];
    for (const [i, [idA, a]] of entries.entries()) {
      for (const [idB, b] of entries.slice(i + 1)) {
        const apart =
          a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        const attached = element(idA).attachedTo === idB || element(idB).attachedTo === idA;
        if (!apart && !attached) overlaps.push(`${idA}/${idB}`);
      }
    }
    expect(overlaps).toEqual([]);
  });

  it('should lay the main path out left to right', () => {
    const mainPath = [
      'start',
      'notifyAcknowledgment',
      'classify',
      'investigate',
      'approveRemedy',
      'notifyResolution',
      'createSurvey',
      'satisfied',
      'notifyClosure',
      'closed',
    ];
    const xs = mainPath.map((id) => shapes.get(id)!.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });
});
