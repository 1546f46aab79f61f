/**
 * Customer-visible stages, in the order a complaint normally passes them. A flow node's
 * `redress:stage` must be one of these: the tracking page and the notification templates know them.
 */
export const STAGES = [
  'received',
  'acknowledged',
  'triage',
  'investigation',
  'approval',
  'resolution',
  'survey',
  'closed',
] as const;

/** A customer-visible stage name. */
export type Stage = (typeof STAGES)[number];

/** True when `value` names a customer-visible stage. */
export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}
