import type { JurisdictionProfile, MandatoryClause } from './profile.schema';
import { normaliseText } from './profile.schema';

/** The outcome of checking one rendered letter against a profile's mandatory clauses. */
export interface ClauseCheck {
  /** Whether the message kind is a final response under the profile (otherwise nothing is required). */
  required: boolean;
  /** Clauses the text lacks. */
  missing: { key: string; label: string }[];
}

/**
 * Checks a rendered final-response letter for the profile's mandatory clauses (the ombudsman's name
 * and address, the 6-month notice…). A clause is present when the text contains one of its markers
 * for the locale (English markers when the locale has none); case, tags and spacing are ignored.
 * The template editor calls it on its preview; the deploy check on every final-response template.
 */
export function checkMandatoryClauses(
  kind: string,
  locale: string,
  renderedText: string,
  profile: JurisdictionProfile,
): ClauseCheck {
  if (!profile.letterPack.finalResponseKinds.includes(kind)) return { required: false, missing: [] };
  const text = normaliseText(renderedText);
  const missing = profile.letterPack.clauses
    .filter((clause) => !markersOf(clause, locale).some((marker) => text.includes(normaliseText(marker))))
    .map(({ key, label }) => ({ key, label }));
  return { required: true, missing };
}

/** The markers a clause is recognised by in a locale. */
export function markersOf(clause: MandatoryClause, locale: string): string[] {
  const markers = clause.markers as Record<string, string[] | undefined>;
  return markers[locale] ?? markers.en ?? [];
}

/** The standard wording of clauses for a locale (English when the locale has none), to append to a letter. */
export function clauseWording(clauses: readonly MandatoryClause[], locale: string): string[] {
  return clauses.flatMap((clause) => {
    const text = clause.text as Record<string, string | undefined>;
    const wording = text[locale] ?? text.en;
    return wording ? [wording] : [];
  });
}
