/**
 * A rule of the workspace said no. The web layer turns `reason` into a status: not_found → 404,
 * forbidden → 403, conflict → 409 (the state changed under you), invalid → 422 (the request cannot
 * work), unavailable → 503 (the process engine did not answer; trying again is safe).
 */
export class WorkspaceRuleError extends Error {
  constructor(
    readonly reason: 'not_found' | 'forbidden' | 'conflict' | 'invalid' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'WorkspaceRuleError';
  }
}
