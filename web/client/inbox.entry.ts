// The inbox stays current without a reload: the server streams task changes (Server-Sent Events fed
// by PostgreSQL LISTEN/NOTIFY), and on each one this script fetches the same page again and swaps the
// results and the filter counts in place — one renderer (the server's), focus kept where it was.

const results = document.getElementById('inbox-results');
const filters = document.getElementById('inbox-filters') as HTMLFormElement | null;
const status = document.getElementById('inbox-status');

/** Where focus is, as something that survives the list being replaced: the row's task and the control's position in it. */
function focusAnchor(): { taskId: string; index: number } | null {
  const active = document.activeElement;
  const row = active?.closest<HTMLElement>('tr[data-task-id]');
  if (!active || !row || !results?.contains(row)) return null;
  const controls = [...row.querySelectorAll<HTMLElement>('a, button')];
  return { taskId: row.dataset.taskId ?? '', index: Math.max(0, controls.indexOf(active as HTMLElement)) };
}

function restoreFocus(anchor: { taskId: string; index: number } | null): void {
  if (!anchor || !results) return;
  const row = results.querySelector<HTMLElement>(`tr[data-task-id="${CSS.escape(anchor.taskId)}"]`);
  const controls = row ? [...row.querySelectorAll<HTMLElement>('a, button')] : [];
  (controls[anchor.index] ?? controls[0] ?? results).focus();
}

/** Times in the viewer's own time zone, as staff.entry.ts shows them on page load. */
function localTimes(root: HTMLElement): void {
  const format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  for (const el of root.querySelectorAll<HTMLTimeElement>('time[datetime]')) {
    const date = new Date(el.dateTime);
    if (Number.isNaN(date.getTime())) continue;
    el.title = date.toISOString();
    el.textContent = format.format(date);
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;
let running = false;
let again = false;

async function refresh(): Promise<void> {
  if (!results) return;
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    // The header tells the server this is a refresh: it must not use up a message meant for the next page.
    const res = await fetch(window.location.href, {
      headers: { accept: 'text/html', 'x-redress-refresh': '1' },
      credentials: 'same-origin',
      cache: 'no-store',
    });
    // Logged out meanwhile (redirect to the login page) or a server error: keep what is shown.
    if (!res.ok || res.redirected) return;
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    const fresh = doc.getElementById('inbox-results');
    if (!fresh) return;
    const anchor = focusAnchor();
    results.innerHTML = fresh.innerHTML;
    localTimes(results);
    restoreFocus(anchor);
    const freshFilters = doc.getElementById('inbox-filters');
    if (filters && freshFilters && !filters.contains(document.activeElement))
      filters.innerHTML = freshFilters.innerHTML;
    if (status) status.textContent = status.dataset.updatedText ?? '';
  } catch {
    // a network hiccup: the next change or reconnect tries again
  } finally {
    running = false;
    if (again) {
      again = false;
      schedule();
    }
  }
}

/** Several changes in a burst (a task closes, the next one opens) give one refresh. */
function schedule(): void {
  clearTimeout(timer);
  timer = setTimeout(() => void refresh(), 300);
}

if (results?.dataset.stream && 'EventSource' in window) {
  const source = new EventSource(results.dataset.stream, { withCredentials: true });
  source.addEventListener('task', schedule);
  source.addEventListener('error', () => {
    if (status) status.textContent = status.dataset.offlineText ?? '';
  });
  source.addEventListener('open', () => {
    if (status && status.textContent === status.dataset.offlineText) status.textContent = '';
  });
  window.addEventListener('pagehide', () => source.close());
  // Once a form posts (claim, release), this page is on its way out: stop refreshing it.
  document.addEventListener('submit', () => {
    source.close();
    clearTimeout(timer);
  });
}

// Filters apply as soon as one is chosen; the Apply button stays for keyboard users who prefer it.
filters?.addEventListener('change', (event) => {
  if ((event.target as HTMLElement).tagName === 'SELECT') filters.requestSubmit();
});

export {};
