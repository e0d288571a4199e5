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
