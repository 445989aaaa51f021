// The levels are shared names (lib/shared/names.ts); this path keeps exporting them.
import { CLASSIFICATION_LEVELS, type Classification } from "../shared/names";
export { CLASSIFICATION_LEVELS, type Classification };

/**
 * NATO and EU marking equivalents, accepted in specs and normalised to the Dutch level.
 * Equivalence follows the usual mapping of NATO/EU RESTRICTED to Departementaal Vertrouwelijk.
 */
export const CLASSIFICATION_ALIASES: Readonly<Record<string, Classification>> = {
  public: "openbaar",
  unclassified: "openbaar",
  "nato-unclassified": "intern",
  "nato-restricted": "departementaal-vertrouwelijk",
  "restreint-ue": "departementaal-vertrouwelijk",
  "eu-restricted": "departementaal-vertrouwelijk",
  "nato-confidential": "stg-confidentieel",
  "confidentiel-ue": "stg-confidentieel",
  "eu-confidential": "stg-confidentieel",
  "nato-secret": "stg-geheim",
  "secret-ue": "stg-geheim",
  "eu-secret": "stg-geheim",
  "cosmic-top-secret": "stg-zeer-geheim",
  "tres-secret-ue": "stg-zeer-geheim",
  "eu-top-secret": "stg-zeer-geheim",
};

/** Returns the Dutch level for a level or alias (case-insensitive), or undefined. */
export function parseClassification(value: string): Classification | undefined {
  const key = value.trim().toLowerCase();
  if ((CLASSIFICATION_LEVELS as readonly string[]).includes(key)) return key as Classification;
  return CLASSIFICATION_ALIASES[key];
}

export function classificationRank(level: Classification): number {
  return CLASSIFICATION_LEVELS.indexOf(level);
}

/** True when `a` is at or above `b`. */
export function isAtLeast(a: Classification, b: Classification): boolean {
  return classificationRank(a) >= classificationRank(b);
}
