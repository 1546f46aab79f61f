// Behaviour shared by every staff page: ask before destructive actions, show times in the
// viewer's own time zone, and keep a pressed submit button from posting twice.

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-confirm]')) {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.dataset.confirm ?? 'Are you sure?')) event.preventDefault();
  });
}

for (const el of document.querySelectorAll<HTMLTimeElement>('time[datetime]')) {
  const date = new Date(el.dateTime);
  if (!Number.isNaN(date.getTime())) {
    el.title = date.toISOString();
    el.textContent = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(date);
  }
}

for (const form of document.querySelectorAll<HTMLFormElement>('form')) {
  form.addEventListener('submit', () => {
    // After the browser has taken the submission, so the button's own name/value is still sent.
    setTimeout(
      () =>
        form.querySelectorAll<HTMLButtonElement>('button[type=submit]').forEach((b) => (b.disabled = true)),
      0,
    );
  });
}

export {};
