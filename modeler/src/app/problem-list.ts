import type { AppContext, ElementProblem } from './context';
import { el } from './dom';

/** A list of problems; each names its element and jumps to it when clicked. */
export function problemList(app: AppContext, problems: ElementProblem[], emptyText: string): HTMLElement {
  if (problems.length === 0) return el('p', {}, emptyText);
  return el(
    'ul',
    { class: 'redress-problems' },
    problems.map((problem) =>
      el(
        'li',
        {},
        problem.elementId && app.decorations.has(problem.elementId)
          ? el(
              'button',
              { type: 'button', class: 'redress-link', onclick: () => app.focus(problem.elementId) },
              problem.elementId,
            )
          : el('strong', {}, problem.elementId || 'the file'),
        `: ${problem.message}`,
      ),
    ),
  );
}
