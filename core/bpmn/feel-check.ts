import { parseExpression } from 'feelin';

/** Longest FEEL expression accepted; longer ones are almost certainly data pasted into a model. */
export const MAX_FEEL_LENGTH = 2_000;

/** Most iterations a FEEL `for`/`some`/`every` over literal ranges may make (nested loops multiply). */
export const MAX_FEEL_ITERATIONS = 10_000;

/** The subset of a lezer syntax node this module walks. */
interface FeelNode {
  name: string;
  from: number;
  to: number;
  type: { isError: boolean };
  firstChild: FeelNode | null;
  nextSibling: FeelNode | null;
}

const LOOPS = new Set(['ForExpression', 'QuantifiedExpression']);
const PUNCTUATION = new Set(['..', '[', ']', '(', ')']);

/**
 * Check one FEEL expression (without its leading `=`) the way the interpreter will read it: syntax,
 * size, and cost. feelin has no cost limit at run time, so loops must be bounded here.
 * Returns problem messages; empty when the expression is acceptable.
 */
export function checkFeel(expression: string): string[] {
  if (expression.trim() === '') return ['FEEL expression is empty'];
  if (expression.length > MAX_FEEL_LENGTH) {
    return [`FEEL expression is ${expression.length} characters long (at most ${MAX_FEEL_LENGTH})`];
  }
  // feelin's evaluate() throws SyntaxError exactly when the parse tree holds an error node; reading
  // the tree instead avoids running the expression (which could loop for a long time).
  const root = parseExpression(expression, {}, undefined).topNode as unknown as FeelNode;
  const syntax = findSyntaxError(root, expression);
  if (syntax) return [syntax];
  const problems: string[] = [];
  walkCost(root, 1, expression, problems);
  return problems;
}

/**
 * The text of a FEEL expression that is nothing but a string literal (`"P3D"`), so callers can
 * validate it like a plain value; undefined otherwise.
 */
export function feelStringLiteral(expression: string): string | undefined {
  const top = parseExpression(expression, {}, undefined).topNode as unknown as FeelNode;
  const only = top.firstChild;
  if (!only || only.nextSibling || only.name !== 'StringLiteral') return undefined;
  try {
    return JSON.parse(expression.slice(only.from, only.to)) as string;
  } catch {
    return undefined;
  }
}

function findSyntaxError(node: FeelNode, input: string): string | undefined {
  if (node.type.isError) {
    const near = input.slice(node.from, Math.max(node.to, node.from + 20)).trim();
    if (near === '') return `FEEL syntax error: the expression is incomplete at position ${node.from + 1}`;
    return `FEEL syntax error at position ${node.from + 1}, near "${near}"`;
  }
  for (let child = node.firstChild; child; child = child.nextSibling) {
    const found = findSyntaxError(child, input);
    if (found) return found;
  }
  return undefined;
}

function walkCost(node: FeelNode, outer: number, input: string, problems: string[]): void {
  let iterations = outer;
  if (node.name === 'FunctionDefinition') {
    // A recursive function defined in a context cannot be bounded by reading the text.
    problems.push('FEEL function definitions are not supported (their cost cannot be bounded)');
    return;
  }
  if (LOOPS.has(node.name)) {
    for (const context of descendants(node, 'IterationContext')) {
      const size = iterationSize(context, input);
      if (size === 'unbounded') {
        problems.push(
          'FEEL loop over a range whose bounds are not number literals: its length cannot be checked',
        );
        return;
      }
      iterations *= size;
    }
    if (iterations > MAX_FEEL_ITERATIONS) {
      problems.push(`FEEL loop makes ${iterations} iterations (at most ${MAX_FEEL_ITERATIONS})`);
      return;
    }
  }
  for (let child = node.firstChild; child; child = child.nextSibling)
    walkCost(child, iterations, input, problems);
}

/** IterationContext nodes of one loop (not of loops nested inside its body). */
function descendants(node: FeelNode, name: string): FeelNode[] {
  const found: FeelNode[] = [];
  const visit = (current: FeelNode): void => {
    for (let child = current.firstChild; child; child = child.nextSibling) {
      if (child.name === name) found.push(child);
      else if (!LOOPS.has(child.name)) visit(child);
    }
  };
  visit(node);
  return found;
}

/**
 * Items a loop takes from one `in …` clause: a range `a..b` or `[a..b]` counts its numbers; a list
 * (a variable or a literal) counts as 1, its length being bounded by the data the process holds.
 */
function iterationSize(context: FeelNode, input: string): number | 'unbounded' {
  let range: FeelNode = context;
  const first = context.firstChild;
  if (first?.name === 'SimplePositiveUnaryTest' && first.firstChild?.name === 'Interval')
    range = first.firstChild;
  const parts = children(range);
  if (!parts.some((part) => part.name === '..')) return 1;
  const bounds = parts.filter((part) => !PUNCTUATION.has(part.name));
  if (bounds.length !== 2 || bounds.some((bound) => bound.name !== 'NumericLiteral')) return 'unbounded';
  const [low, high] = bounds.map((bound) => Number(input.slice(bound.from, bound.to).replace(/\s+/g, '')));
  if (!Number.isFinite(low) || !Number.isFinite(high)) return 'unbounded';
  return Math.floor(Math.abs(high! - low!)) + 1;
}

function children(node: FeelNode): FeelNode[] {
  const list: FeelNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) list.push(child);
  return list;
}
