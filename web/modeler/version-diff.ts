import type { CompiledElement, CompiledFlow, CompiledProcess } from '../../workflows/engine/types';

/** One attribute that differs, by its path in the compiled graph (`userTask.dueIn`, `serviceTask.params.template`). */
export interface AttributeChange {
  attribute: string;
  from: unknown;
  to: unknown;
}

/** An element or flow as the diff lists it. */
export interface DiffItem {
  id: string;
  kind: string;
  name?: string;
}

/** A changed element or flow with what changed in it. */
export interface ChangedItem extends DiffItem {
  changes: AttributeChange[];
}

/** What changed between two versions of a process, element by element and flow by flow. */
export interface VersionDiff {
  process: AttributeChange[];
  elements: { added: DiffItem[]; removed: DiffItem[]; changed: ChangedItem[] };
  flows: { added: DiffItem[]; removed: DiffItem[]; changed: ChangedItem[] };
}

// Leaves compared as a whole: a form is one attribute (its fields are the form designer's business).
const WHOLE = new Set(['userTask.form']);

/**
 * Compare two compiled versions. Lists of ids are compared as sets (a re-exported file may list a
 * node's flows in another order without changing anything the engine does).
 */
export function diffVersions(from: CompiledProcess, to: CompiledProcess): VersionDiff {
  const processChanges = compare(
    { name: from.name, startEventId: from.startEventId },
    { name: to.name, startEventId: to.startEventId },
  );
  return {
    process: processChanges,
    elements: diffRecords(from.elements, to.elements, (element) => element.kind),
    flows: diffRecords(from.flows, to.flows, () => 'sequenceFlow'),
  };
}

function diffRecords<T extends CompiledElement | CompiledFlow>(
  before: Record<string, T>,
  after: Record<string, T>,
  kindOf: (item: T) => string,
): VersionDiff['elements'] {
  const item = (value: T): DiffItem => ({
    id: value.id,
    kind: kindOf(value),
    ...(value.name ? { name: value.name } : {}),
  });
  const added = Object.values(after)
    .filter((value) => !(value.id in before))
    .map(item);
  const removed = Object.values(before)
    .filter((value) => !(value.id in after))
    .map(item);
  const changed: ChangedItem[] = [];
  for (const value of Object.values(after)) {
    const old = before[value.id];
    if (!old) continue;
    const changes = compare(old, value);
    if (changes.length > 0) changed.push({ ...item(value), changes });
  }
  return { added, removed, changed };
}

/** Attribute-by-attribute differences of two plain JSON objects. */
function compare(before: object, after: object): AttributeChange[] {
  const left = flatten(before);
  const right = flatten(after);
  const keys = [...new Set([...left.keys(), ...right.keys()])].filter((key) => key !== 'id').sort();
  return keys
    .filter((key) => canonical(left.get(key)) !== canonical(right.get(key)))
    .map((key) => ({ attribute: key, from: left.get(key) ?? null, to: right.get(key) ?? null }));
}

function flatten(value: object, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (child === undefined) continue;
    if (child !== null && typeof child === 'object' && !Array.isArray(child) && !WHOLE.has(path))
      flatten(child, path, into);
    else into.set(path, child);
  }
  return into;
}

/** A comparable text for a value: string lists as sets, objects with sorted keys. */
function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return `[${value.every((entry) => typeof entry === 'string') ? items.sort().join(',') : items.join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
