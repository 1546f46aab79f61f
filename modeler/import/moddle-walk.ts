/**
 * Walking a bpmn-moddle tree that holds elements of namespaces moddle does not know: those come back
 * as generic elements (attributes as own properties, children in `$children`, text in `$body`), and
 * unknown attributes of known elements land in `$attrs` under the prefix the file used.
 */

/** Any moddle element, typed or generic, as far as the import reads it. */
export interface AnyElement {
  $type: string;
  $parent?: AnyElement;
  $attrs?: Record<string, string>;
  $children?: AnyElement[];
  $body?: string;
  $descriptor?: {
    isGeneric?: boolean;
    ns?: { prefix?: string; localName?: string; uri?: string };
    properties?: { name: string; isAttr?: boolean; isReference?: boolean; isMany?: boolean; type: string }[];
  };
  $instanceOf?(type: string): boolean;
  get?(name: string): unknown;
  set?(name: string, value: unknown): void;
  id?: string;
  name?: string;
  extensionElements?: AnyElement & { values?: AnyElement[] };
  [property: string]: unknown;
}

const SIMPLE_TYPES = new Set(['String', 'Boolean', 'Integer', 'Real']);

/** Depth first over every contained element (the same containment bpmnlint traverses, plus generic children). */
export function walk(element: AnyElement, visit: (element: AnyElement) => void): void {
  visit(element);
  const descriptor = element.$descriptor;
  if (!descriptor || descriptor.isGeneric) {
    for (const child of element.$children ?? []) walk(child, visit);
    return;
  }
  for (const property of descriptor.properties ?? []) {
    if (property.isAttr || property.isReference || SIMPLE_TYPES.has(property.type)) continue;
    const value = element[property.name];
    if (Array.isArray(value)) for (const child of value as AnyElement[]) walk(child, visit);
    else if (value && typeof value === 'object' && '$type' in value) walk(value as AnyElement, visit);
  }
}

/** `prefix → namespace URI` from every `xmlns:` declaration in the file (usually all on the root). */
export function namespaceDeclarations(root: AnyElement): Map<string, string> {
  const prefixes = new Map<string, string>();
  walk(root, (element) => {
    for (const [name, value] of Object.entries(element.$attrs ?? {})) {
      if (name.startsWith('xmlns:') && !prefixes.has(name.slice(6))) prefixes.set(name.slice(6), value);
    }
  });
  return prefixes;
}

/** The namespace URI of an element (generic or typed) or of a prefixed attribute name. */
export function namespaceOf(prefixes: Map<string, string>, element: AnyElement): string | undefined {
  return element.$descriptor?.ns?.uri ?? prefixes.get(element.$type.split(':')[0] ?? '');
}

/** The local part of `prefix:name`. */
export function localName(qualified: string): string {
  return qualified.slice(qualified.indexOf(':') + 1);
}

/** The nearest element, this one or an ancestor, that has an id: where a finding is reported. */
export function owningId(element: AnyElement): string {
  for (let current: AnyElement | undefined = element; current; current = current.$parent) {
    if (typeof current.id === 'string' && current.id !== '') return current.id;
  }
  return '';
}
