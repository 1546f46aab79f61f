import { el } from './dom';

/**
 * The results area under the diagram: versions, comparisons, dry runs, import reports, deploy
 * problems. Kept out of the canvas so nothing ever covers the diagram (or its bpmn.io watermark).
 */
export class Drawer {
  constructor(private readonly root: HTMLElement) {}

  show(title: string, ...content: (Node | string)[]): void {
    this.root.replaceChildren(
      el(
        'div',
        { class: 'redress-drawer-header' },
        el('h2', { id: 'redress-drawer-title' }, title),
        el(
          'button',
          {
            type: 'button',
            class: 'redress-button redress-button-quiet',
            'aria-label': 'Close',
            onclick: () => this.close(),
          },
          '×',
        ),
      ),
      el('div', { class: 'redress-drawer-body' }, ...content),
    );
    this.root.hidden = false;
  }

  close(): void {
    this.root.hidden = true;
    this.root.replaceChildren();
  }
}
