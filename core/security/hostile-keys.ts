/**
 * Input that only an attack sends: a NUL character (no field means one, and PostgreSQL cannot store
 * it in text), a `__proto__` key, or `constructor.prototype` (the two routes to Object.prototype
 * when code copies keys into objects). Found anywhere in parsed JSON, the first one is named by its
 * path, e.g. `customer.__proto__`.
 */
export interface HostileInput {
  /** Where: `customer.name`, `answers.__proto__`, `(body)` for the value itself. */
  field: string;
  message: string;
}

/** Keys that reach an object's prototype when assigned. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** The first hostile thing in a parsed JSON value (or a query object), or undefined when there is none. */
export function findHostileInput(value: unknown): HostileInput | undefined {
  // Iterative: a deeply nested body must not overflow the stack here.
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [item, at] = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000'))
        return { field: at || '(body)', message: 'must not contain NUL characters (U+0000)' };
    } else if (isObject(item)) {
      for (const [key, child] of Object.entries(item)) {
        const path = at ? `${at}.${key}` : key;
        if (key.includes('\u0000'))
          return { field: path, message: 'a key must not contain NUL characters (U+0000)' };
        if (key === '__proto__')
          return { field: path, message: 'a key named "__proto__" is not allowed (prototype pollution)' };
        if (key === 'constructor' && isObject(child) && Object.hasOwn(child, 'prototype'))
          return {
            field: `${path}.prototype`,
            message: 'a "constructor.prototype" key is not allowed (prototype pollution)',
          };
        stack.push([child, path]);
      }
    }
  }
  return undefined;
}
