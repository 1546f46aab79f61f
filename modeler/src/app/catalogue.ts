/**
 * What the properties panel offers to pick from: the message templates that exist (kind × language ×
 * channels) and the staff groups, both read from the server when the page opens.
 */
import { api } from './api';

/** One message kind in one language, with the channels it has templates for. */
export interface TemplateListing {
  kind: string;
  locale: string;
  channels: string[];
}

/** A staff group a user task can be given to. */
export interface GroupListing {
  key: string;
  name: string;
}

export interface Catalogue {
  templates: TemplateListing[];
  groups: GroupListing[];
}

/** Loads both lists; a list that fails to load is empty (the fields then accept free text). */
export async function loadCatalogue(): Promise<Catalogue> {
  const [templates, groups] = await Promise.all([
    api<{ templates: TemplateListing[] }>('GET', '/api/modeler/templates').then(
      (body) => body.templates,
      () => [],
    ),
    api<{ groups: GroupListing[] }>('GET', '/api/modeler/groups').then(
      (body) => body.groups,
      () => [],
    ),
  ]);
  return { templates, groups };
}

/** Template kinds with their languages and channels, for a select's options. */
export function templateKinds(
  templates: TemplateListing[],
): { kind: string; locales: string[]; channels: string[] }[] {
  const kinds = new Map<string, { locales: Set<string>; channels: Set<string> }>();
  for (const listing of templates) {
    const entry = kinds.get(listing.kind) ?? { locales: new Set(), channels: new Set() };
    entry.locales.add(listing.locale);
    for (const channel of listing.channels) entry.channels.add(channel);
    kinds.set(listing.kind, entry);
  }
  return [...kinds].map(([kind, entry]) => ({
    kind,
    locales: [...entry.locales].sort(),
    channels: [...entry.channels].sort(),
  }));
}
