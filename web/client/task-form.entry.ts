// The task page's form: the user task's form-js schema rendered with the form-js viewer, submitted to
// POST /api/tasks/:id/complete. The answer is always shown: success with where to go next, or the
// reason the workflow refused (already completed, not yours, invalid data), never a silent failure.
import { Form } from '@bpmn-io/form-js';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import '@bpmn-io/form-js/dist/assets/flatpickr/light.css';

interface Answer {
  error?: string;
  details?: unknown;
  stage?: string;
}

const container = document.getElementById('task-form');
const button = document.getElementById('task-submit') as HTMLButtonElement | null;
const result = document.getElementById('task-result');
const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';

/** One id per completion attempt: a repeated click or a retry after a lost answer is applied once. */
function newSubmissionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function say(
  kind: 'ok' | 'error' | 'info',
  text: string,
  links: { href: string; label: string }[] = [],
): void {
  if (!result) return;
  result.className = `task-result ${kind}`;
  result.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  result.replaceChildren();
  const p = document.createElement('p');
  p.textContent = text;
  result.append(p);
  for (const link of links) {
    const a = document.createElement('a');
    a.href = link.href;
    a.textContent = link.label;
    a.className = 'button secondary';
    result.append(a, ' ');
  }
}

function detailsText(details: unknown): string {
  if (!Array.isArray(details)) return '';
  return details
    .map((d) =>
      d && typeof d === 'object' && 'message' in d
        ? `${String((d as { field?: string }).field ?? '')}: ${String((d as { message: string }).message)}`
        : String(d),
    )
    .join('; ');
}

async function main(): Promise<void> {
  if (!container) return;
  const text = container.dataset;
  const schema: unknown = JSON.parse(text.schema ?? 'null');
  const data = JSON.parse(text.data ?? '{}') as Record<string, unknown>;
  const editable = text.editable === 'true';
  let form: Form | undefined;
  if (schema) {
    // No input debouncing: what is typed is in the form's data at once, so a quick "Complete" never loses the last field.
    form = new Form({ container, debounce: false } as ConstructorParameters<typeof Form>[0]);
    await form.importSchema(schema, data);
    if (!editable) form.setProperty('readOnly', true);
  }
  if (!button || !editable) return;
  let submissionId = newSubmissionId();

  button.addEventListener('click', async () => {
    let payload: Record<string, unknown> = {};
    if (form) {
      const submitted = form.submit();
      if (Object.keys(submitted.errors).length) {
        say('error', text.textInvalid ?? 'Please correct the highlighted fields.');
        container
          .querySelector<HTMLElement>(
            '.fjs-has-errors input, .fjs-has-errors textarea, .fjs-has-errors select',
          )
          ?.focus();
        return;
      }
      payload = submitted.data as Record<string, unknown>;
    }
    button.disabled = true;
    say('info', text.textSending ?? 'Sending…');
    try {
      const res = await fetch(`/api/tasks/${encodeURIComponent(text.taskId ?? '')}/complete`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, accept: 'application/json' },
        body: JSON.stringify({ data: payload, submissionId }),
      });
      const answer = (await res.json().catch(() => ({}))) as Answer;
      if (res.ok) {
        form?.setProperty('readOnly', true);
        button.hidden = true;
        say('ok', text.textDone ?? 'Done.', [
          { href: '/staff/inbox', label: text.textBack ?? 'Inbox' },
          { href: text.complaintUrl ?? '/staff/complaints', label: text.textComplaint ?? 'Complaint' },
        ]);
        return;
      }
      // A refusal ends this attempt; a server that did not answer may still apply it, so keep its id.
      if (res.status < 500) submissionId = newSubmissionId();
      const why = [answer.error, detailsText(answer.details)].filter(Boolean).join(' ');
      say('error', `${text.textFailed ?? 'Not completed:'} ${why || res.statusText}`);
      button.disabled = false;
    } catch (err) {
      say('error', `${text.textFailed ?? 'Not completed:'} ${(err as Error).message}`);
      button.disabled = false;
    }
  });
}

void main();
