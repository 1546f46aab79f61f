import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';

/** Base of the errors a controller throws to answer 4xx/5xx; the error middleware renders them. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
export class BadRequestError extends HttpError {
  constructor(message: string, details?: unknown) {
    super(400, message, details);
  }
}
export class UnauthorizedError extends HttpError {
  constructor(message = 'Please log in.') {
    super(401, message);
  }
}
export class ForbiddenError extends HttpError {
  constructor(message = 'You are not allowed to do this.') {
    super(403, message);
  }
}
export class NotFoundError extends HttpError {
  constructor(message = 'Not found.') {
    super(404, message);
  }
}
export class ConflictError extends HttpError {
  constructor(message: string, details?: unknown) {
    super(409, message, details);
  }
}
export class UnprocessableError extends HttpError {
  constructor(message: string, details?: unknown) {
    super(422, message, details);
  }
}
export class ServiceUnavailableError extends HttpError {
  constructor(message: string) {
    super(503, message);
  }
}

/** Field-level messages from a schema failure: `[{ field: 'customer.email', message: 'Invalid email address' }]`. */
export function zodIssues(err: ZodError): { field: string; message: string }[] {
  return err.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
}

/** One place turns errors into JSON answers; stack traces go to the log, never to the client. */
export function errorMiddleware(log: (err: unknown) => void): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    if (res.headersSent) {
      // A download failed half-way: the status is gone, so cut the connection (the client sees it broke).
      log(err);
      res.destroy();
      return;
    }
    if (err instanceof ZodError) {
      res.status(400).json({ error: 'The request is not valid.', details: zodIssues(err) });
      return;
    }
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: err.message, ...(err.details ? { details: err.details } : {}) });
      return;
    }
    const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
    // body-parser's own errors: malformed JSON, too large, wrong charset.
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'The request body is not valid JSON.' });
      return;
    }
    if (e.type === 'entity.too.large') {
      res.status(413).json({ error: 'The request body is too large.' });
      return;
    }
    const status = e.status ?? e.statusCode;
    if (status && status >= 400 && status < 500) {
      res.status(status).json({ error: e.message ?? 'Bad request.' });
      return;
    }
    log(err);
    res.status(500).json({ error: 'Something went wrong on our side. It has been logged.' });
  };
}
