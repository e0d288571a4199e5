import type { BehaviourFrameworkId, Criterion } from '../../db/types.js';
import type { CriterionSource } from '../../domain/published-scoresheet.js';
import type { FrameworkLibrary } from '../../framework/library.js';

/** The text a panel sees for a criterion, exactly as the framework (or the owner) words it. */
export type CriterionText = {
  description: string | null;
  /** "You can:" bullets, behaviour indicators or effective indicators. */
  descriptors: string[];
  /** CSCF ineffective indicators. */
  negativeIndicators: string[];
  source: CriterionSource;
  missing: boolean;
};

type CampaignContext = {
  ddat_edition: string;
  role_slug: string;
  role_level_slug: string;
  behaviour_framework: BehaviourFrameworkId;
};

export function criterionText(
  lib: FrameworkLibrary,
  campaign: CampaignContext,
  criterion: Criterion,
): CriterionText {
  if (criterion.kind === 'skill') return skillText(lib, campaign, criterion);
  if (criterion.kind === 'behaviour') return behaviourText(lib, campaign, criterion);
  return {
    description: criterion.descriptor,
    descriptors: [],
    negativeIndicators: [],
    source: { typedBy: 'owner' },
    missing: !criterion.descriptor,
  };
}

function skillText(lib: FrameworkLibrary, campaign: CampaignContext, criterion: Criterion): CriterionText {
  // The campaign's own edition: a newer default never changes a campaign's text.
  const edition = lib.ddatFor(campaign.ddat_edition);
  const level = edition.roleLevel(campaign.role_slug, campaign.role_level_slug);
  const atLevel = level?.skills.find((s) => s.skillSlug === criterion.source_id);
  const skill = criterion.source_id ? edition.skill(criterion.source_id) : undefined;
  return {
    description: skill?.description ?? null,
    descriptors: [...(atLevel?.bullets ?? [])],
    negativeIndicators: [],
    source: { framework: 'ddat-pcf', editionId: edition.id, id: `ddat-pcf:skill:${criterion.source_id}` },
    missing: !atLevel || atLevel.bullets.length === 0,
  };
}

function behaviourText(
  lib: FrameworkLibrary,
  campaign: CampaignContext,
  criterion: Criterion,
): CriterionText {
  const level = Number(criterion.required_level) as 1 | 2 | 3 | 4 | 5 | 6;
  const found = lib
    .behavioursAtLevel(campaign.behaviour_framework, level)
    .find((b) => b.id === criterion.source_id);
  if (!found) {
    return {
      description: null,
      descriptors: [],
      negativeIndicators: [],
      source: {
        framework: campaign.behaviour_framework,
        editionId: 'unknown',
        id: criterion.source_id ?? '',
      },
      missing: true,
    };
  }
  const source = { framework: found.framework, editionId: found.editionId, id: found.id };
  if (found.framework === 'success-profiles') {
    return {
      description: found.description,
      descriptors: [...found.indicators],
      negativeIndicators: [],
      source,
      missing: false,
    };
  }
  return {
    description: found.description,
    descriptors: [...found.effective],
    negativeIndicators: [...found.ineffective],
    source,
    missing: false,
  };
}
