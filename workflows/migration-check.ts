import type { CompiledProcess } from './engine/types';

/** What a running complaint holds on to, as its workflow reports it. */
export interface RunningPosition {
  /** Elements with a token on them. */
  activeElements: string[];
  /** Elements of open user tasks and of incidents. */
  waitingElements: string[];
}

/**
 * Why a complaint at `position` cannot continue on `target` (empty when it can). Every element it
 * holds must exist in the target with the same kind and inside the same sub-process, and so must the
 * timer boundary events armed on them (their timers are waits that name the boundary event).
 */
export function migrationBlockers(
  position: RunningPosition,
  source: CompiledProcess,
  target: CompiledProcess,
): string[] {
  const held = new Set([...position.activeElements, ...position.waitingElements]);
  for (const id of [...held]) {
    for (const boundary of source.elements[id]?.boundaryEvents ?? []) {
      if (source.elements[boundary]?.kind === 'boundaryTimer') held.add(boundary);
    }
    for (let parent = source.elements[id]?.parentId; parent; parent = source.elements[parent]?.parentId)
      held.add(parent);
  }
  const reasons: string[] = [];
  for (const id of [...held].sort()) {
    const before = source.elements[id];
    const after = target.elements[id];
    const label = before?.name ? `"${before.name}" (${id})` : id;
    if (!after) reasons.push(`${label} does not exist in the target version`);
    else if (before && before.kind !== after.kind)
      reasons.push(`${label} is a ${before.kind} here but a ${after.kind} in the target version`);
    else if (before && before.parentId !== after.parentId)
      reasons.push(`${label} sits in another sub-process in the target version`);
  }
  return reasons;
}
