import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Engine } from 'bpmn-engine';
import * as Elements from 'bpmn-elements';
import serializer, { TypeResolver } from 'moddle-context-serializer';
import { compileBpmn } from '../core/bpmn/compile';
import { handleEvent, startInstance } from '../workflows/engine';
import type { CompiledProcess, EngineCommand, EngineEvent } from '../workflows/engine/types';
import { machine, printTable, summarise, writeResult } from './lib';

/**
 * Redress's pure interpreter core versus bpmn-engine (npm), both executing the same graph in memory:
 * start → service task → parallel fork → (user task ‖ service task) → parallel join → user task →
 * exclusive gateway with a condition → service task → merge → service task → end. The model is
 * written twice (bench/models/compare.*.bpmn): Redress's dialect (FEEL condition `amount > 3`,
 * redress:taskType) and bpmn-engine's (services in `environment.services`, the condition a function
 * call, since bpmn-elements expressions have no operators). Both are parsed/compiled once; each
 * instance is started, its service tasks answered and user tasks completed at once (amount 5, so
 * the condition is true), until it ends. A "step" is one element completed (Redress: elementLeft; bpmn-engine: activity.end —
 * 12 on both).
 *
 *   npm run bench -- interpreter-vs-bpmn-engine
 *   BENCH_INSTANCES=5000 npx tsx bench/interpreter-vs-bpmn-engine.bench.ts
 */

const MODELS = path.resolve(__dirname, 'models');
const serviceResults: Record<string, Record<string, unknown>> = {
  lookup: { segment: 'retail' },
  enrich: { department: 'quality' },
  approveBig: { escalated: true },
  approveSmall: { outcome: 'resolved' },
  finish: { done: true },
};
const userAnswers: Record<string, Record<string, unknown>> = {
  review: { reviewed: true },
  decide: { amount: 5 },
};

/** One Redress instance to its end; returns the number of elements left (a join entered twice is left once). */
function runRedress(process: CompiledProcess): number {
  let now = Date.UTC(2026, 0, 1);
  let { state, commands } = startInstance(process, { type: 'start', now, variables: { amount: 0 } });
  let elements = 0;
  const pending: EngineEvent[] = [];
  const follow = (cmds: EngineCommand[]): void => {
    for (const c of cmds) {
      if (c.type === 'elementLeft') elements++;
      else if (c.type === 'startActivity')
        pending.push({
          type: 'activityCompleted',
          now,
          waitId: c.waitId,
          result: serviceResults[c.elementId] ?? null,
        });
      else if (c.type === 'openUserTask')
        pending.push({
          type: 'userTaskCompleted',
          now,
          waitId: c.waitId,
          variables: userAnswers[c.elementId] ?? {},
        });
    }
  };
  follow(commands);
  while (pending.length && !state.completed) {
    now += 1000;
    ({ state, commands } = handleEvent(process, state, pending.shift()!));
    follow(commands);
  }
  if (!state.completed) throw new Error('the Redress instance did not complete');
  return elements;
}

type SourceContext = ReturnType<typeof serializer>;

/** One bpmn-engine instance to its end; resolves with the number of elements that ended. */
function runBpmnEngine(sourceContext: SourceContext): Promise<number> {
  return new Promise((resolve, reject) => {
    let elements = 0;
    const listener = new EventEmitter();
    listener.on('activity.end', () => elements++);
    listener.on(
      'wait',
      (api: {
        id: string;
        environment: { variables: Record<string, unknown> };
        signal(m?: unknown): void;
      }) => {
        Object.assign(api.environment.variables, userAnswers[api.id] ?? {});
        api.signal(userAnswers[api.id] ?? {});
      },
    );
    const service =
      (id: string) =>
      (_ctx: unknown, next: (err: Error | null, result?: unknown) => void): void =>
        next(null, serviceResults[id]);
    const engine = new Engine({
      name: 'compare',
      sourceContext,
      variables: { amount: 0 },
      services: {
        classify: service('lookup'),
        assign: service('enrich'),
        escalate: service('approveBig'),
        recordOutcome: service('approveSmall'),
        createSurvey: service('finish'),
        isBig: (ctx: { environment: { variables: { amount: number } } }) =>
          ctx.environment.variables.amount > 3,
      },
    });
    engine.once('end', () => resolve(elements));
    engine.once('error', reject);
    engine.execute({ listener }).catch(reject);
  });
}

async function bpmnEngineContext(): Promise<SourceContext> {
  // bpmn-moddle is ESM-only; parse once, serialize once, reuse for every instance.
  const { BpmnModdle } = (await import('bpmn-moddle')) as unknown as {
    BpmnModdle: new () => { fromXML(xml: string): Promise<unknown> };
  };
  const moddleContext = await new BpmnModdle().fromXML(
    readFileSync(path.join(MODELS, 'compare.bpmn-engine.bpmn'), 'utf8'),
  );
  return serializer(moddleContext as Parameters<typeof serializer>[0], TypeResolver(Elements));
}

async function time(
  instances: number,
  one: () => number | Promise<number>,
): Promise<{ seconds: number; elements: number; perInstanceUs: number[] }> {
  const perInstanceUs: number[] = [];
  let elements = 0;
  const t0 = performance.now();
  for (let i = 0; i < instances; i++) {
    const s = performance.now();
    elements += await one();
    perInstanceUs.push((performance.now() - s) * 1000);
  }
  return { seconds: (performance.now() - t0) / 1000, elements, perInstanceUs };
}

/** Runs the benchmark (also the entry of `npm run bench interpreter-vs-bpmn-engine`). */
export async function run(): Promise<unknown> {
  const instances = Number(process.env.BENCH_INSTANCES ?? 5000);
  const compiled = await compileBpmn(readFileSync(path.join(MODELS, 'compare.redress.bpmn'), 'utf8'));
  if (!compiled.ok)
    throw new Error(`compare.redress.bpmn does not compile: ${JSON.stringify(compiled.errors)}`);
  const redressProcess = compiled.process;
  const context = await bpmnEngineContext();

  // Warm-up (JIT) on both, and a check that both walk the same number of elements.
  const redressElements = runRedress(redressProcess);
  const engineElements = await runBpmnEngine(context);
  for (let i = 0; i < 300; i++) {
    runRedress(redressProcess);
    await runBpmnEngine(context);
  }

  // Alternate two rounds each so neither side always runs on a warmer or cooler machine.
  const r1 = await time(instances, () => runRedress(redressProcess));
  const e1 = await time(instances, () => runBpmnEngine(context));
  const r2 = await time(instances, () => runRedress(redressProcess));
  const e2 = await time(instances, () => runBpmnEngine(context));
  const merge = (a: typeof r1, b: typeof r1) => ({
    seconds: a.seconds + b.seconds,
    elements: a.elements + b.elements,
    perInstanceUs: [...a.perInstanceUs, ...b.perInstanceUs],
  });
  const redress = merge(r1, r2);
  const engine = merge(e1, e2);
  const row = (name: string, r: typeof redress, perInstance: number) => {
    const s = summarise(r.perInstanceUs);
    return {
      engine: name,
      instances: 2 * instances,
      'elements/instance': perInstance,
      'instances/s': Math.round((2 * instances) / r.seconds),
      'steps (elements)/s': Math.round(r.elements / r.seconds),
      'instance p50 µs': Math.round(s.p50),
      'instance p95 µs': Math.round(s.p95),
    };
  };
  const rows = [
    row('redress interpreter', redress, redressElements),
    row('bpmn-engine 25', engine, engineElements),
  ];
  printTable(
    `Same model in memory (${machine().cpus} cores, ${machine().cpuModel}, ${process.version})`,
    rows,
  );
  const ratio = redress.elements / redress.seconds / (engine.elements / engine.seconds);
  printTable('Redress / bpmn-engine', [{ 'steps/s ratio': Math.round(ratio * 100) / 100 }]);
  if (redressElements !== engineElements)
    console.warn(`[bench] element counts differ: redress ${redressElements}, bpmn-engine ${engineElements}`);
  const file = writeResult('interpreter-vs-bpmn-engine', { instances: 2 * instances, ratio, rows });
  console.log(`→ ${file}`);
  return { ratio, rows };
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error('[bench] failed:', err);
    process.exit(1);
  });
}
