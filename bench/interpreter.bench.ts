import { performance } from 'node:perf_hooks';
import { compileBpmn } from '../core/bpmn/compile';
import { loadDefaultProcessXml } from '../core/bpmn/default-process';
import { handleEvent, startInstance } from '../workflows/engine';
import type { CompiledProcess, EngineCommand, EngineEvent, EngineState } from '../workflows/engine/types';
import { machine, printTable, summarise, writeResult } from './lib';

/**
 * The pure interpreter's cost per step: complaints driven through the default model in memory
 * (approve path: every service task succeeds, Investigate and Approve are completed, the survey is
 * answered satisfied). A "step" is one event handled (start, activity done, task completed, message).
 */
const variables = {
  complaintId: 'c1',
  trackingCode: 'RD-0000-0000-0000-0000',
  customer: { name: 'A', email: 'a@example.com', locale: 'en' },
  approvalLimit: 100,
  reopenCount: 0,
  sla: {
    investigation: 'P5D',
    investigationReminderCycle: 'R2/P2D',
    investigationDeadline: 'P10D',
    surveyReminder: 'P7D',
    surveyTimeout: 'P7D',
  },
};

const results: Record<string, Record<string, unknown>> = {
  classify: { department: 'quality', severity: 'low', priority: 'normal', category: 'product' },
  escalate: { reopenCount: 1 },
  createSurvey: { survey: { url: 'https://x/survey/t' } },
  recordOutcome: { outcome: 'resolved' },
};

const answers: Record<string, Record<string, unknown>> = {
  investigate: {
    findings: 'f',
    complaintDecision: 'upheld',
    remedyType: 'refund',
    remedyAmount: 250,
    response: 'r',
    rootCause: 'c',
  },
  approveRemedy: { decision: 'approve', reason: '' },
};

/** Runs one complaint to completion; returns the number of events handled. */
export function runOne(process: CompiledProcess, timings?: number[]): number {
  let now = Date.UTC(2026, 0, 1);
  let t0 = performance.now();
  let { state, commands } = startInstance(process, { type: 'start', now, variables });
  timings?.push(performance.now() - t0);
  let steps = 1;
  const pending: EngineEvent[] = [];
  const follow = (cmds: EngineCommand[], s: EngineState): void => {
    for (const c of cmds) {
      if (c.type === 'startActivity')
        pending.push({
          type: 'activityCompleted',
          now,
          waitId: c.waitId,
          result: results[c.taskType] ?? null,
        });
      else if (c.type === 'openUserTask')
        pending.push({
          type: 'userTaskCompleted',
          now,
          waitId: c.waitId,
          variables: answers[c.elementId] ?? {},
        });
    }
    if (!pending.length && !s.completed && s.waits.some((w) => w.kind === 'message'))
      pending.push({
        type: 'messageReceived',
        now,
        name: 'surveyAnswered',
        variables: { surveyAnswer: { satisfaction: 5, solved: true } },
      });
  };
  follow(commands, state);
  while (pending.length && !state.completed) {
    const event = pending.shift()!;
    now += 1000;
    t0 = performance.now();
    ({ state, commands } = handleEvent(process, state, event));
    timings?.push(performance.now() - t0);
    steps++;
    follow(commands, state);
  }
  if (!state.completed) throw new Error('complaint did not complete in the benchmark driver');
  return steps;
}

export async function run(options: { complaints?: number } = {}): Promise<unknown> {
  const compiled = await compileBpmn(loadDefaultProcessXml());
  if (!compiled.ok) throw new Error('default process does not compile');
  const n = options.complaints ?? Number(process.env.BENCH_COMPLAINTS ?? 2000);
  for (let i = 0; i < 50; i++) runOne(compiled.process); // warm-up (JIT)
  const timings: number[] = [];
  const t0 = performance.now();
  let steps = 0;
  for (let i = 0; i < n; i++) steps += runOne(compiled.process, timings);
  const elapsed = (performance.now() - t0) / 1000;
  const s = summarise(timings);
  const row = {
    complaints: n,
    stepsPerComplaint: steps / n,
    stepsPerSecond: Math.round(steps / elapsed),
    complaintsPerSecond: Math.round(n / elapsed),
    'step p50 (µs)': s.p50 * 1000,
    'step p95 (µs)': s.p95 * 1000,
    'step p99 (µs)': s.p99 * 1000,
  };
  printTable(`Interpreter core, default model, in memory (${machine().cpus} cores)`, [row]);
  const file = writeResult('interpreter', { results: row });
  console.log(`→ ${file}`);
  return row;
}

if (require.main === module) void run();
