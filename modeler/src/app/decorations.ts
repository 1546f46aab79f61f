import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';

/** The kinds of decoration the modeler puts on the diagram; each can be cleared on its own. */
export type DecorationKind = 'deploy-error' | 'dry-run' | 'diff' | 'live';

const MARKERS: Record<DecorationKind, string[]> = {
  'deploy-error': ['redress-deploy-error'],
  'dry-run': ['redress-path', 'redress-path-end'],
  diff: ['redress-diff-added', 'redress-diff-changed'],
  live: ['redress-heat-1', 'redress-heat-2', 'redress-heat-3', 'redress-heat-4', 'redress-heat-overdue'],
};

/** Canvas markers and overlays, grouped by what put them there. */
export class Decorations {
  private readonly marked = new Map<DecorationKind, Set<string>>();

  constructor(
    private readonly canvas: Canvas,
    private readonly overlays: Overlays,
    private readonly registry: ElementRegistry,
  ) {}

  /** Whether the diagram shows an element with this id. */
  has(id: string): boolean {
    return this.registry.get(id) !== undefined;
  }

  mark(kind: DecorationKind, id: string, marker: string): void {
    if (!this.has(id)) return;
    this.canvas.addMarker(id, marker);
    const ids = this.marked.get(kind) ?? new Set<string>();
    ids.add(id);
    this.marked.set(kind, ids);
  }

  overlay(
    kind: DecorationKind,
    id: string,
    html: HTMLElement,
    position: { top?: number; right?: number; bottom?: number; left?: number },
  ): void {
    if (!this.has(id)) return;
    this.overlays.add(id, `redress-${kind}`, { position, html });
  }

  clear(kind: DecorationKind): void {
    for (const id of this.marked.get(kind) ?? []) {
      if (!this.has(id)) continue;
      for (const marker of MARKERS[kind]) this.canvas.removeMarker(id, marker);
    }
    this.marked.delete(kind);
    this.overlays.remove({ type: `redress-${kind}` });
  }

  clearAll(): void {
    for (const kind of Object.keys(MARKERS) as DecorationKind[]) this.clear(kind);
  }

  /** Scrolls the element into view and selects it. */
  focus(id: string, selection: { select(element: unknown): void }): void {
    const element = this.registry.get(id);
    if (!element) return;
    this.canvas.scrollToElement(element);
    selection.select(element);
  }
}
