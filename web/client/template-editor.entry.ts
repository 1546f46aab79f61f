// The template editor page (/staff/templates): pick a message, language and part, edit its text
// with a live preview rendered by the server on sample data, save it as a new version. All the
// rules (compiling, variables, versions, roles) live on the server; this only talks to its API.

interface Catalogue {
  kinds: string[];
  locales: string[];
  parts: string[];
  variables: Record<string, { required: string[]; optional: string[] }>;
  messages: { kind: string; locale: string; channels: string[]; version: number }[];
  canEdit: boolean;
}

interface PartView {
  source: string;
  shippedSource: string | null;
  partVersion: number;
  setVersion: number;
  history: { version: number; editedBy: string; editedAt: string; comment: string | null }[];
  openedVersion?: number;
  openedSource?: string;
}

interface Problem {
  kind: string;
  message: string;
  line?: number;
  column?: number;
  variable?: string;
}

type Preview =
  | { channel: 'email'; subject: string; html: string; text: string }
  | { channel: 'sms'; text: string; encoding: string; length: number; segments: number };

const root = document.getElementById('template-editor');
const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
};
const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';

async function api<T>(
  method: string,
  url: string,
  body?: unknown,
): Promise<{ ok: boolean; status: number; data: T }> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { ok: res.ok, status: res.status, data: (text ? JSON.parse(text) : null) as T };
}

function option(select: HTMLSelectElement, values: string[], label: (v: string) => string = (v) => v): void {
  select.replaceChildren(...values.map((v) => new Option(label(v), v)));
}

function describeProblem(p: Problem): string {
  const where =
    p.line !== undefined
      ? ` (line ${p.line}${p.column !== undefined ? `, column ${p.column + 1}` : ''})`
      : '';
  return `${p.kind === 'syntax' ? 'Syntax error' : p.kind === 'render' ? 'Cannot render' : 'Missing'}${where}: ${p.message}`;
}

async function main(container: HTMLElement): Promise<void> {
  const canEdit = container.dataset.canEdit === 'true';
  const kind = $<HTMLSelectElement>('te-kind');
  const locale = $<HTMLSelectElement>('te-locale');
  const part = $<HTMLSelectElement>('te-part');
  const text = $<HTMLTextAreaElement>('te-text');
  const problem = $('te-problem');
  const status = $('te-status');
  const version = $('te-version');
  const history = $('te-history');
  const variables = $('te-variables');
  let current: PartView | undefined;
  let timer: number | undefined;
  let previewSeq = 0;

  const catalogue = (await api<Catalogue>('GET', '/api/templates')).data;
  option(kind, catalogue.kinds);
  option(locale, catalogue.locales);
  option(part, catalogue.parts);

  const path = (): string => `/api/templates/${kind.value}/${locale.value}/${part.value}`;

  const preview = async (): Promise<void> => {
    const seq = ++previewSeq;
    const res = await api<Preview | { error: string; details?: Problem }>('POST', '/api/templates/preview', {
      kind: kind.value,
      locale: locale.value,
      part: part.value,
      source: text.value,
    });
    if (seq !== previewSeq) return; // a newer keystroke's preview is on its way
    if (!res.ok) {
      const body = res.data as { error: string; details?: Problem };
      problem.textContent = body.details ? describeProblem(body.details) : body.error;
      text.setAttribute('aria-invalid', 'true');
      return;
    }
    problem.textContent = '';
    text.removeAttribute('aria-invalid');
    const p = res.data as Preview;
    $('te-preview-email').hidden = p.channel !== 'email';
    $('te-preview-sms').hidden = p.channel !== 'sms';
    if (p.channel === 'email') {
      $('te-preview-subject').textContent = p.subject;
      $<HTMLIFrameElement>('te-preview-frame').srcdoc = p.html; // sandboxed: no scripts, no same origin
      $('te-preview-text').textContent = p.text;
    } else {
      $('te-preview-sms-text').textContent = p.text;
      $('te-preview-sms-count').textContent =
        `${p.length} characters, ${p.encoding}, ${p.segments} segment${p.segments === 1 ? '' : 's'}`;
    }
  };

  const load = async (openVersion?: number): Promise<void> => {
    container.setAttribute('aria-busy', 'true');
    const res = await api<PartView>('GET', `${path()}${openVersion ? `?version=${openVersion}` : ''}`);
    current = res.data;
    text.value = current.openedSource ?? current.source;
    version.textContent = current.openedVersion
      ? `version ${current.openedVersion} (not in force)`
      : current.partVersion
        ? `version ${current.partVersion}`
        : 'shipped text';
    const vars = catalogue.variables[kind.value];
    variables.textContent = vars
      ? `Variables: ${vars.required.join(', ')}; optional: ${vars.optional.join(', ')}`
      : '';
    history.replaceChildren(
      ...(current.history.length
        ? current.history.map((h) => {
            const tr = document.createElement('tr');
            const open = document.createElement('button');
            open.type = 'button';
            open.className = 'secondary';
            open.textContent = `Open version ${h.version}`;
            open.addEventListener('click', () => void load(h.version));
            for (const value of [
              String(h.version),
              h.editedBy,
              new Date(h.editedAt).toLocaleString(),
              h.comment ?? '',
            ]) {
              const td = document.createElement('td');
              td.textContent = value;
              tr.append(td);
            }
            const td = document.createElement('td');
            td.append(open);
            tr.append(td);
            return tr;
          })
        : [
            Object.assign(document.createElement('tr'), {
              innerHTML: '<td colspan="5">No edits: the shipped text is in force.</td>',
            }),
          ]),
    );
    status.textContent = '';
    await preview();
    container.setAttribute('aria-busy', 'false');
  };

  text.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void preview(), 350);
  });
  for (const select of [kind, locale, part]) select.addEventListener('change', () => void load());

  if (canEdit) {
    $('te-restore').addEventListener('click', () => {
      if (current?.shippedSource != null) {
        text.value = current.shippedSource;
        void preview();
      }
    });
    $('te-save').addEventListener('click', async () => {
      status.textContent = 'Saving…';
      const res = await api<{ version: number } | { error: string; details?: Problem }>('PUT', path(), {
        source: text.value,
        comment: $<HTMLInputElement>('te-comment').value || undefined,
        baseVersion: current?.setVersion,
      });
      if (!res.ok) {
        const body = res.data as { error: string; details?: Problem };
        status.textContent = '';
        problem.textContent =
          res.status === 422 && body.details && 'kind' in body.details
            ? describeProblem(body.details)
            : body.error;
        return;
      }
      $<HTMLInputElement>('te-comment').value = '';
      await load();
      status.textContent = `Saved as version ${(res.data as { version: number }).version}.`;
    });
  }
  await load();
}

if (root) void main(root);

export {};
