/**
 * Dry run before deploying: the server runs this diagram in the real interpreter on a test complaint,
 * with the answers given here, sending nothing. The path taken is highlighted on the diagram; the
 * stages and the messages that WOULD be sent are listed.
 */
import { is } from 'bpmn-js/lib/util/ModelUtil';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import { ApiError, api } from '../app/api';
import type { AppContext, ElementProblem } from '../app/context';
import { el } from '../app/dom';
import { showDeployProblems } from './deploy';

interface DryRunResult {
  completed: boolean;
  stoppedBecause?: string;
  path: { elementId: string; kind: string; name?: string }[];
  stages: { from: string | null; to: string; atElement: string | null }[];
  messages: {
    elementId: string;
    template: string;
    channel: string;
    locale: string;
    recipient: string | null;
    subject?: string;
    text?: string;
    error?: string;
  }[];
  webhooks: { elementId: string; url: string }[];
  userTasks: { elementId: string; name: string; problems: string[] }[];
  timersFired: string[];
  incidents: { elementId: string; message: string }[];
}

interface FormField {
  key?: string;
  type?: string;
  defaultValue?: unknown;
  values?: { value: unknown }[];
  components?: FormField[];
}

/** A plausible answer for each field of a form-js schema, for the process owner to edit. */
function sampleAnswer(schema: string | undefined): Record<string, unknown> {
  const answer: Record<string, unknown> = {};
  const visit = (fields: FormField[]): void => {
    for (const field of fields) {
      if (field.components) visit(field.components);
      if (!field.key) continue;
      if (field.defaultValue !== undefined) answer[field.key] = field.defaultValue;
      else if (field.values?.length) answer[field.key] = field.values[0]!.value;
      else if (field.type === 'number') answer[field.key] = 0;
      else if (field.type === 'checkbox') answer[field.key] = false;
      else if (field.type === 'textfield' || field.type === 'textarea') answer[field.key] = `(${field.key})`;
    }
  };
  try {
    visit((JSON.parse(schema ?? '{}') as FormField).components ?? []);
  } catch {
    // An unreadable form gets no sample; the lint marks it anyway.
  }
  return answer;
}

/** The request the panel starts from: an answer per user task, each awaited message once. */
function requestTemplate(app: AppContext): string {
  const registry = app.modeler.get<ElementRegistry>('elementRegistry');
  const answers: Record<string, unknown> = {};
  const messages: { name: string; variables: Record<string, unknown> }[] = [];
  for (const element of registry.getAll()) {
    const bo = element.businessObject as {
      id: string;
      extensionElements?: { values?: { $type: string; body?: string }[] };
      eventDefinitions?: { $type: string; messageRef?: { name?: string } }[];
    };
    if (is(element, 'bpmn:UserTask'))
      answers[bo.id] = sampleAnswer(
        bo.extensionElements?.values?.find((value) => value.$type === 'redress:Form')?.body,
      );
    for (const definition of bo.eventDefinitions ?? []) {
      const name = definition.messageRef?.name;
      if (
        is(element, 'bpmn:IntermediateCatchEvent') &&
        name &&
        !messages.some((message) => message.name === name)
      ) {
        messages.push({
          name,
          variables: name === 'surveyAnswered' ? { surveyAnswer: { satisfaction: 4, solved: true } } : {},
        });
      }
    }
  }
  return JSON.stringify({ answers, messages }, null, 2);
}

export function showDryRun(app: AppContext): void {
  const input = el('textarea', {
    class: 'redress-json',
    rows: '10',
    spellcheck: 'false',
    'aria-label': 'Answers and messages (JSON)',
  });
  input.value = requestTemplate(app);
  const output = el('div', { class: 'redress-dry-run-output', 'aria-live': 'polite' });
  const run = async (): Promise<void> => {
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(input.value) as Record<string, unknown>;
    } catch (error) {
      output.replaceChildren(
        el('p', { class: 'redress-error' }, `Not valid JSON: ${(error as Error).message}`),
      );
      return;
    }
    try {
      const result = await api<DryRunResult>('POST', '/api/process-definitions/dry-run', {
        ...request,
        xml: await app.xml(),
      });
      highlight(app, result);
      output.replaceChildren(...describe(app, result));
    } catch (error) {
      if (error instanceof ApiError && error.status === 422 && Array.isArray(error.details)) {
        showDeployProblems(app, error.details as ElementProblem[]);
        return;
      }
      output.replaceChildren(el('p', { class: 'redress-error' }, (error as Error).message));
    }
  };
  app.drawer.show(
    'Dry run on a test complaint (nothing is sent)',
    el(
      'p',
      { class: 'redress-hint' },
      'Answers per user task id (null = left undone, so its timers fire); messages arrive in order when awaited.',
    ),
    input,
    el(
      'div',
      { class: 'redress-actions' },
      el(
        'button',
        {
          type: 'button',
          class: 'redress-button redress-button-primary',
          id: 'redress-dry-run-go',
          onclick: () => void run(),
        },
        'Run',
      ),
      el(
        'button',
        { type: 'button', class: 'redress-button', onclick: () => app.decorations.clear('dry-run') },
        'Clear the path',
      ),
    ),
    output,
  );
}

function highlight(app: AppContext, result: DryRunResult): void {
  // One story on the diagram at a time: the path replaces a comparison or a heat map.
  for (const kind of ['dry-run', 'diff', 'live'] as const) app.decorations.clear(kind);
  const visited = new Set(result.path.map((step) => step.elementId));
  for (const id of visited) app.decorations.mark('dry-run', id, 'redress-path');
  const last = result.path.at(-1)?.elementId;
  if (last && !result.completed) app.decorations.mark('dry-run', last, 'redress-path-end');
  const registry = app.modeler.get<ElementRegistry>('elementRegistry');
  for (const flow of registry.filter((element) => is(element, 'bpmn:SequenceFlow'))) {
    const bo = flow.businessObject as { sourceRef?: { id: string }; targetRef?: { id: string } };
    if (bo.sourceRef && bo.targetRef && visited.has(bo.sourceRef.id) && visited.has(bo.targetRef.id))
      app.decorations.mark('dry-run', flow.id, 'redress-path');
  }
}

function describe(app: AppContext, result: DryRunResult): (Node | string)[] {
  const link = (id: string): Node =>
    el('button', { type: 'button', class: 'redress-link', onclick: () => app.focus(id) }, id);
  return [
    el(
      'p',
      { class: result.completed ? 'redress-ok' : 'redress-error' },
      result.completed
        ? `Completed after ${result.path.length} steps.`
        : `Stopped: ${result.stoppedBecause ?? 'unknown'}`,
    ),
    el('h3', {}, 'Stages the customer would see'),
    el(
      'ol',
      {},
      result.stages.map((stage) =>
        el('li', {}, stage.to, stage.atElement ? ' at ' : '', stage.atElement ? link(stage.atElement) : null),
      ),
    ),
    el('h3', {}, `Messages that would be sent (${result.messages.length})`),
    el(
      'ul',
      { class: 'redress-messages' },
      result.messages.map((message) =>
        el(
          'li',
          {},
          el('strong', {}, `${message.template} · ${message.channel} · ${message.locale}`),
          ' from ',
          link(message.elementId),
          message.error
            ? el('p', { class: 'redress-error' }, message.error)
            : el(
                'p',
                {},
                message.subject ? `“${message.subject}” — ` : '',
                (message.text ?? '').slice(0, 160),
              ),
        ),
      ),
    ),
    result.webhooks.length
      ? el('p', {}, `Webhooks that would be called: ${result.webhooks.map((hook) => hook.url).join(', ')}`)
      : '',
    result.timersFired.length ? el('p', {}, `Timers fired: ${result.timersFired.join(', ')}`) : '',
    ...result.userTasks
      .filter((task) => task.problems.length)
      .map((task) =>
        el(
          'p',
          { class: 'redress-error' },
          `${task.name}: the answer would be refused: ${task.problems.join('; ')}`,
        ),
      ),
    ...result.incidents.map((incident) =>
      el('p', { class: 'redress-error' }, `Incident at ${incident.elementId}: ${incident.message}`),
    ),
  ];
}
