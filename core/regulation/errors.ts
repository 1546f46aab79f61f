/**
 * A regulation rule said no. The web layer maps `reason` to a status: not_found → 404, conflict → 409
 * (the state changed, or something still depends on it), invalid → 422 (the request cannot work).
 */
export class RegulationRuleError extends Error {
  constructor(
    readonly reason: 'not_found' | 'conflict' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'RegulationRuleError';
  }
}
