/**
 * The two handlebars environments templates compile in: `html` escapes every `{{value}}`; `text`
 * (subject, plain-text part, SMS) does not, because HTML entities would show up literally there
 * ("O&#x27;Brien"). Each environment compiles its own copy of every partial: handlebars caches a
 * partial compiled from a string with the options of its first caller, so one shared environment
 * would let a text template switch HTML-escaping off for the html templates.
 *
 * Every template is compiled with `strict` (a missing `{{name}}` throws) and `trackIds` (helpers and
 * partials learn which variable an argument came from, so they can name it when it is missing), from
 * an environment made by `Handlebars.create()` with the prototype-access defaults left untouched.
 */
import Handlebars from 'handlebars';
import {
  MissingVariableError,
  TemplateRenderError,
  TemplateSyntaxError,
  type SourcePosition,
} from './errors';
import { registerHelpers, requireHashValues, type OutputMode, type TrackedOptions } from './helpers';

/** A compiled template. It throws handlebars' own errors; the renderer adds the template's name. */
export type CompiledTemplate = (data: object) => string;

/** Longest template source accepted: an override comes from an editor, a real template is a few KB. */
export const MAX_SOURCE_LENGTH = 100_000;

// Wraps an error thrown inside a partial, so that the error can say which partial failed.
class PartialFailure extends Error {
  constructor(
    readonly partial: string,
    cause: unknown,
  ) {
    super(`in partial ${partial}`, { cause });
    this.name = 'PartialFailure';
  }
}

/** An environment's compiler. */
export interface TemplateEnvironment {
  readonly mode: OutputMode;
  /** Compiles `source`; throws {@link TemplateSyntaxError} (naming `name`) when it cannot. */
  compile(source: string, name: string): CompiledTemplate;
}

interface HandlebarsErrorFields {
  message?: unknown;
  lineNumber?: unknown;
  column?: unknown;
}

// The line and column handlebars attached to an error, or parsed from "Parse error on line N".
function positionOf(error: unknown): SourcePosition {
  const fields = (error ?? {}) as HandlebarsErrorFields;
  const parsedLine = /on line (\d+)/.exec(String(fields.message))?.[1];
  const line =
    typeof fields.lineNumber === 'number' ? fields.lineNumber : parsedLine ? Number(parsedLine) : undefined;
  const column = typeof fields.column === 'number' ? fields.column : undefined;
  return { ...(line !== undefined && { line }), ...(column !== undefined && { column }) };
}

// The first `{{{value}}}` or `{{&value}}` (a MustacheStatement with escaped: false) anywhere in the AST.
function findUnescaped(node: unknown): SourcePosition | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findUnescaped(child);
      if (found) return found;
    }
    return undefined;
  }
  if (node === null || typeof node !== 'object') return undefined;
  const fields = node as { type?: unknown; escaped?: unknown; loc?: hbs.AST.SourceLocation };
  if (fields.type === 'MustacheStatement' && fields.escaped === false) {
    return { line: fields.loc?.start.line, column: fields.loc?.start.column };
  }
  for (const [key, child] of Object.entries(node)) {
    if (key === 'loc') continue;
    const found = findUnescaped(child);
    if (found) return found;
  }
  return undefined;
}

// Names that lead from data to JavaScript internals (handlebars' runtime denies them too): refused
// at compile time, so a template probing for them is rejected with a reason instead of saved.
const INTERNALS = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

// A path segment (`{{constructor.x}}`) or string argument (`lookup this "constructor"`) in INTERNALS.
function findInternals(node: unknown): (SourcePosition & { name: string }) | undefined {
  const stack: unknown[] = [node];
  while (stack.length) {
    const item = stack.pop();
    if (item === null || typeof item !== 'object') continue;
    const fields = item as { type?: unknown; parts?: unknown; value?: unknown; loc?: hbs.AST.SourceLocation };
    const names =
      fields.type === 'PathExpression' && Array.isArray(fields.parts)
        ? (fields.parts as unknown[])
        : fields.type === 'StringLiteral'
          ? [fields.value]
          : [];
    const name = names.find((n): n is string => typeof n === 'string' && INTERNALS.has(n));
    if (name) return { name, line: fields.loc?.start.line, column: fields.loc?.start.column };
    for (const [key, child] of Object.entries(item)) if (key !== 'loc') stack.push(child);
  }
  return undefined;
}

function compileIn(env: typeof Handlebars, mode: OutputMode, source: string, name: string): CompiledTemplate {
  if (source.length > MAX_SOURCE_LENGTH) {
    throw new TemplateSyntaxError(name, `longer than ${MAX_SOURCE_LENGTH} characters`);
  }
  // `trackIds` is a real compiler option that @types-style declarations leave out.
  const options: CompileOptions & { trackIds: boolean } = {
    strict: true,
    trackIds: true,
    noEscape: mode === 'text',
  };
  try {
    const ast = env.parse(source);
    const internals = findInternals(ast);
    if (internals) {
      const { name: internal, ...position } = internals;
      throw new TemplateSyntaxError(
        name,
        `"${internal}" is not message data: it would reach JavaScript internals, which templates may not`,
        position,
      );
    }
    const unescaped = findUnescaped(ast);
    if (unescaped) {
      throw new TemplateSyntaxError(
        name,
        'output without HTML-escaping ({{{ }}} or {{& }}) is not allowed: use {{ }}',
        unescaped,
      );
    }
    env.precompile(source, options); // compiles now, so errors surface here rather than at the first render
  } catch (error) {
    if (error instanceof TemplateSyntaxError) throw error;
    throw new TemplateSyntaxError(
      name,
      error instanceof Error ? error.message : String(error),
      positionOf(error),
    );
  }
  return env.compile(source, options);
}

/**
 * Creates an environment for `mode` with Redress's helpers and with `partials` (name → source)
 * compiled in it. A partial rejects a missing hash argument (`{{> button url=surveyUrl}}` without
 * `surveyUrl`) by naming the variable, like the helpers do.
 */
export function createEnvironment(
  mode: OutputMode,
  partials: ReadonlyMap<string, string>,
): TemplateEnvironment {
  const env = Handlebars.create();
  registerHelpers(env, mode);
  const compile = (source: string, name: string): CompiledTemplate => compileIn(env, mode, source, name);
  for (const [partial, source] of partials) {
    const template = compile(source, `partials/${partial}.hbs`) as Handlebars.TemplateDelegate;
    env.registerPartial(partial, (context: unknown, options?: Handlebars.RuntimeOptions) => {
      try {
        requireHashValues((options ?? {}) as TrackedOptions, `partial ${partial}`);
        return template(context, options);
      } catch (error) {
        throw error instanceof PartialFailure ? error : new PartialFailure(partial, error);
      }
    });
  }
  return { mode, compile };
}

/**
 * Turns whatever a compiled template threw into a {@link TemplateRenderError} naming the template and,
 * when that is the cause, the missing variable (from strict mode's `"name" not defined in …`).
 */
export function renderErrorOf(template: string, error: unknown): TemplateRenderError {
  const partial = error instanceof PartialFailure ? error.partial : undefined;
  const cause = error instanceof PartialFailure ? error.cause : error;
  const where = partial ? ` (in partial ${partial})` : '';
  if (cause instanceof MissingVariableError) {
    return new TemplateRenderError(
      template,
      `${cause.message}${where}`,
      cause.variable,
      partial ? { partial } : {},
    );
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  const position = { ...positionOf(cause), ...(partial && { partial }) };
  const strict = /^"([^"]+)" not defined in/.exec(message);
  if (strict?.[1]) {
    return new TemplateRenderError(
      template,
      `"${strict[1]}" is missing from the data${where}`,
      strict[1],
      position,
    );
  }
  return new TemplateRenderError(template, `${message}${where}`, undefined, position);
}
