import type { BehaviourFrameworkId, Campaign, Grade, NewCriterion, ScaleId } from '../../db/types.js';
import type { FrameworkLibrary } from '../../framework/library.js';

const SKILL_LEVEL_VALUES: Record<string, number> = { awareness: 1, working: 2, practitioner: 3, expert: 4 };

/** A sensible starting pass mark; the owner can change every one before publishing. */
export function defaultPassMark(scale: ScaleId, requiredLevel: string | null): number {
  if (scale === 'ddat-skill-levels') return SKILL_LEVEL_VALUES[requiredLevel ?? ''] ?? 2;
  return 4;
}

export function behaviourLevel(lib: FrameworkLibrary, grade: Grade): 1 | 2 | 3 | 4 | 5 | 6 {
  const level = lib.behaviourLevelForGrade(grade);
  if (!level) throw new Error(`No behaviour level for grade ${grade}`);
  return level;
}

/**
 * The criteria proposed for a new campaign: the role level's skills (included) and the behaviours at
 * the level the grade maps to (listed, not included: panels usually assess four to six).
 */
export function proposeCriteria(lib: FrameworkLibrary, campaign: Campaign): NewCriterion[] {
  const roleLevel = lib
    .ddatFor(campaign.ddat_edition)
    .roleLevel(campaign.role_slug, campaign.role_level_slug);
  if (!roleLevel) throw new Error(`Unknown role level ${campaign.role_slug}/${campaign.role_level_slug}`);
  const skills: NewCriterion[] = roleLevel.skills.map((skill) => ({
    campaign_id: campaign.id,
    position: 0,
    kind: 'skill',
    source_id: skill.skillSlug,
    title: skill.name,
    required_level: skill.requiredLevel,
    descriptor: null,
    sfia_code: null,
    sfia_level: null,
    included: true,
    weight: 1,
    pass_mark: defaultPassMark(campaign.scale, skill.requiredLevel),
  }));
  const level = behaviourLevel(lib, campaign.grade);
  const behaviours: NewCriterion[] = behavioursAt(lib, campaign.behaviour_framework, level).map((b) => ({
    campaign_id: campaign.id,
    position: 0,
    kind: 'behaviour',
    source_id: b.id,
    title: b.name,
    required_level: String(level),
    descriptor: null,
    sfia_code: null,
    sfia_level: null,
    included: false,
    weight: 1,
    pass_mark: defaultPassMark(campaign.scale, null),
  }));
  return [...skills, ...behaviours].map((c, i) => ({ ...c, position: i + 1 }));
}

function behavioursAt(lib: FrameworkLibrary, framework: BehaviourFrameworkId, level: 1 | 2 | 3 | 4 | 5 | 6) {
  return lib.behavioursAtLevel(framework, level);
}
