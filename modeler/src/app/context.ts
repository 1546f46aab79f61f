import type Modeler from 'bpmn-js/lib/Modeler';
import type { Decorations } from './decorations';
import type { Drawer } from './drawer';

/** A deployed version as the server lists it (see web/modeler/process-versions.service.ts). */
export interface VersionSummary {
  id: string;
  key: string;
  version: number;
  name: string | null;
  deployedBy: string;
  deployedByName: string;
  deployedAt: string;
  comment: string | null;
  openComplaints: number;
}

/** A problem on an element, as the deploy and the import report it ('' = the whole file). */
export interface ElementProblem {
  elementId: string;
  message: string;
}

/** What the toolbar actions share. */
export interface AppContext {
  readonly key: string;
  readonly modeler: Modeler;
  readonly drawer: Drawer;
  readonly decorations: Decorations;
  status(message: string, kind?: 'ok' | 'error' | 'info'): void;
  versions(): VersionSummary[];
  refreshVersions(): Promise<void>;
  /** The deployed version on the canvas, or null for an imported or new diagram. */
  openedVersion(): number | null;
  open(version: number): Promise<void>;
  load(xml: string, version: number | null): Promise<void>;
  /** Scrolls to and selects an element. */
  focus(elementId: string): void;
  xml(): Promise<string>;
}
