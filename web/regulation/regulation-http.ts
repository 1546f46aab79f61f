import { RegulationRuleError } from '../../core/regulation/errors';
import { UnknownProfileError } from '../../core/regulation/profiles';
import { ConflictError, NotFoundError, UnprocessableError } from '../http-errors';

/** A regulation rule's refusal as the HTTP error the error middleware renders; other errors pass through. */
export function toRegulationHttpError(err: unknown): unknown {
  if (err instanceof UnknownProfileError) return new NotFoundError(err.message);
  if (!(err instanceof RegulationRuleError)) return err;
  switch (err.reason) {
    case 'not_found':
      return new NotFoundError(err.message);
    case 'conflict':
      return new ConflictError(err.message);
    case 'invalid':
      return new UnprocessableError(err.message);
  }
}

/** Runs a service call and rethrows its refusal as an HTTP error. */
export async function regulationCall<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toRegulationHttpError(err);
  }
}
