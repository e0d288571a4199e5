/** Where a criterion's wording came from: a framework edition's entry, or the owner's own words. */
export type CriterionSource = { framework: string; editionId: string; id: string } | { typedBy: 'owner' };

/** The frozen copy of a scoresheet that scores are given against (scoresheet_versions.content). */
export type PublishedCriterion = {
  id: string;
  position: number;
  kind: string;
  title: string;
  weight: number;
  passMark: number;
  requiredLevel: string | null;
  sfia: { code: string; level: number | null } | null;
  description: string | null;
  descriptors: string[];
  negativeIndicators: string[];
  source: CriterionSource;
  missing: boolean;
};

export type PublishedScoresheet = {
  campaign: {
    id: string;
    title: string;
    vacancyReference: string;
    grade: string;
    role: string;
    roleLevel: string;
    behaviourFramework: string;
    behaviourLevel: number;
  };
  scale: {
    id: string;
    name: string;
    points: Array<{ value: number; label: string; descriptor: string | null }>;
  };
  passRule: 'every-criterion' | 'total' | 'every-criterion-and-total';
  overallPassMark: number | null;
  leadCriterionId: string | null;
  criteria: PublishedCriterion[];
  editions: Array<{ id: string; title: string; contentHash: string | null; attribution: string | null }>;
};

/**
 * Each criterion of any of these versions once, oldest version first, titled as its oldest version has
 * it: a later version that drops, reorders or renames criteria never moves or renames an earlier column.
 */
export function criteriaAcrossVersions(
  versions: ReadonlyArray<{ criteria: ReadonlyArray<{ id: string; title: string }> }>,
): Array<{ id: string; title: string }> {
  const byId = new Map<string, { id: string; title: string }>();
  for (const v of versions)
    for (const c of v.criteria) if (!byId.has(c.id)) byId.set(c.id, { id: c.id, title: c.title });
  return [...byId.values()];
}
