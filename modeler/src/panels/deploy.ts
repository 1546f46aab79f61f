/**
 * Deploy from the modeler: the diagram as it is, with the comment typed next to the button. Problems
 * the deploy refuses come back by element and are drawn on the diagram.
 */
import { ApiError, api } from '../app/api';
import type { AppContext, ElementProblem } from '../app/context';
import { el } from '../app/dom';
import { problemList } from '../app/problem-list';

export async function deploy(app: AppContext, comment: string): Promise<void> {
  app.decorations.clear('deploy-error');
  const xml = await app.xml();
  try {
    const deployed = await api<{ version: number; warnings: ElementProblem[] }>(
      'POST',
      '/api/process-definitions',
      {
        xml,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      },
    );
    await app.refreshVersions();
    await app.open(deployed.version);
    app.status(
      `Deployed version ${deployed.version}. New complaints follow it; running ones stay on their version.`,
      'ok',
    );
    if (deployed.warnings.length > 0) {
      app.drawer.show(
        `Version ${deployed.version} deployed with warnings`,
        problemList(app, deployed.warnings, ''),
      );
    }
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 422 || !Array.isArray(error.details)) throw error;
    const problems = error.details as ElementProblem[];
    showDeployProblems(app, problems);
    app.status(
      `Not deployed: ${problems.length} problem${problems.length === 1 ? '' : 's'} (marked on the diagram).`,
      'error',
    );
  }
}

/** Marks each refused element and lists the problems. */
export function showDeployProblems(app: AppContext, problems: ElementProblem[]): void {
  const byElement = new Map<string, string[]>();
  for (const problem of problems)
    byElement.set(problem.elementId, [...(byElement.get(problem.elementId) ?? []), problem.message]);
  for (const [id, messages] of byElement) {
    app.decorations.mark('deploy-error', id, 'redress-deploy-error');
    app.decorations.overlay(
      'deploy-error',
      id,
      el('div', { class: 'redress-deploy-badge', title: messages.join('\n') }, `${messages.length} ✕`),
      { top: -12, left: -12 },
    );
  }
  app.drawer.show('The deploy refused the model', problemList(app, problems, ''));
}
