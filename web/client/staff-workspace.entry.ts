// Look and keyboard of the staff workspace pages: its stylesheet, and "/" to jump to the page's search.
import './staff-workspace.css';

document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target as HTMLElement | null;
  if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)))
    return;
  const search = document.querySelector<HTMLInputElement>('[data-shortcut="/"]');
  if (search) {
    event.preventDefault();
    search.focus();
  }
});

export {};
