/** Where in a template source an error was found (1-based line, 0-based column, as handlebars reports). */
export interface SourcePosition {
  line?: number;
  column?: number;
  /** Set when the position is inside this partial rather than in the template itself. */
  partial?: string;
}

/**
 * Thrown when a message kind, locale or template part has no template: an unknown kind or locale
 * reached `render`, or a file is missing under `templates/messages/`.
 */
export class TemplateNotFoundError extends Error {
  constructor(readonly template: string) {
    super(`No template ${template}`);
    this.name = 'TemplateNotFoundError';
  }
}

/**
 * Thrown when a template source cannot be compiled: a handlebars syntax error, or a construct Redress
 * forbids (unescaped `{{{ }}}` output). At construction for the files, at render time for overrides.
 */
export class TemplateSyntaxError extends Error {
  constructor(
    readonly template: string,
    readonly reason: string,
    readonly position: SourcePosition = {},
  ) {
    super(`Template ${template} does not compile: ${reason}`);
    this.name = 'TemplateSyntaxError';
  }
}

/**
 * Thrown while rendering: a variable the template uses is missing from the data (`variable` names it),
 * or a helper rejected its input (a bad date, an unknown stage key, a non-http link).
 */
export class TemplateRenderError extends Error {
  constructor(
    readonly template: string,
    readonly reason: string,
    readonly variable?: string,
    readonly position: SourcePosition = {},
  ) {
    super(`Template ${template} failed: ${reason}`);
    this.name = 'TemplateRenderError';
  }
}

/**
 * Thrown by helpers and partials when a value they were given is missing; the renderer turns it into a
 * {@link TemplateRenderError} carrying the template's name.
 */
export class MissingVariableError extends Error {
  constructor(readonly variable: string) {
    super(`"${variable}" is missing from the data`);
    this.name = 'MissingVariableError';
  }
}
