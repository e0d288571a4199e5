import type { PublishedScoresheet } from '../../../server/domain/published-scoresheet.js';

/** Text that must come out of a PDF exactly as typed: markup, PDF operators, a formula, Welsh letters. */
export const HOSTILE = {
  html: '<script>alert(1)</script>',
  pdf: ') Tj /JavaScript (x',
  formula: '=HYPERLINK("x")',
  welsh: 'Siân Ŵyn ŷ',
};

const CIVIL_SERVICE_SCALE: PublishedScoresheet['scale'] = {
  id: 'civil-service-1-7',
  name: 'Civil Service 1 to 7',
  points: [
    { value: 1, label: 'Not demonstrated', descriptor: 'No positive evidence.' },
    { value: 2, label: 'Minimal', descriptor: 'Limited positive evidence.' },
    { value: 3, label: 'Moderate', descriptor: 'Moderate positive evidence.' },
    { value: 4, label: 'Acceptable', descriptor: 'Adequate positive evidence.' },
    { value: 5, label: 'Good', descriptor: 'Substantial positive evidence.' },
    { value: 6, label: 'Strong', descriptor: 'Substantial positive evidence, some beyond expectations.' },
    { value: 7, label: 'Outstanding', descriptor: 'Wholly exceeds expectation at this level.' },
  ],
};

const LONG =
  'Designs, codes, tests, corrects and documents simple programs or scripts under the direction of others, ' +
  'and collaborates with user researchers, designers and other developers to build services that meet user needs';

/**
 * A realistic published scoresheet: 15 criteria (skills, behaviours, CSCF-style indicators, custom and
 * SFIA), long descriptors that force several pages, and hostile text in the places people type.
 */
export function publishedScoresheet(options: { criteria?: number } = {}): PublishedScoresheet {
  const count = options.criteria ?? 15;
  const kinds = ['skill', 'behaviour', 'technical', 'experience', 'strengths', 'sfia'] as const;
  const criteria = Array.from({ length: count }, (_v, i) => {
    const kind = kinds[i % kinds.length]!;
    const n = i + 1;
    return {
      id: `criterion-${n}`,
      position: n,
      kind,
      title:
        n === 3
          ? `Technical question ${HOSTILE.html}`
          : n === 4
            ? `Experience of ${HOSTILE.formula}`
            : `Criterion ${n} ${kind === 'skill' ? 'Programming and build (software engineering)' : 'Seeing the big picture'}`,
      weight: (n % 3) + 1,
      passMark: 4,
      requiredLevel: kind === 'skill' ? 'Practitioner' : kind === 'behaviour' ? '4' : null,
      sfia: kind === 'sfia' ? { code: 'DESN', level: 6 } : null,
      description:
        n === 5
          ? `Working with ${HOSTILE.welsh} and ${HOSTILE.pdf} on a long description that must wrap across lines.`
          : `Description of criterion ${n}. ${LONG}.`,
      descriptors: Array.from(
        { length: 4 + (n % 3) },
        (_d, j) => `Descriptor ${n}.${j + 1}: ${LONG} (${n}.${j + 1}).`,
      ),
      negativeIndicators:
        n === 2 ? ['Ineffective 2.1: works in isolation', 'Ineffective 2.2: ignores feedback'] : [],
      source: { typedBy: 'owner' as const },
      missing: false,
    };
  });
  return {
    campaign: {
      id: '00000000-0000-4000-8000-000000000001',
      title: `Lead developer ${HOSTILE.html} for ${HOSTILE.welsh}`,
      vacancyReference: `REF-${HOSTILE.pdf}`,
      grade: 'G7',
      role: 'Software developer',
      roleLevel: 'Lead developer',
      behaviourFramework: 'success-profiles',
      behaviourLevel: 4,
    },
    scale: CIVIL_SERVICE_SCALE,
    passRule: 'every-criterion-and-total',
    overallPassMark: 60,
    leadCriterionId: 'criterion-1',
    criteria,
    editions: [
      {
        id: 'ddat-pcf-2025-08',
        title: 'Government Digital and Data Profession Capability Framework (August 2025)',
        contentHash: 'a'.repeat(64),
        attribution:
          'Contains public sector information licensed under the Open Government Licence v3.0. Source: Government Digital and Data Profession Capability Framework, https://understand-digital-data-roles-skills.service.gov.uk/. © Crown copyright.',
      },
      {
        id: 'success-profiles-2018',
        title: 'Success Profiles: Civil Service Behaviours (2018)',
        contentHash: null,
        attribution:
          'Contains public sector information licensed under the Open Government Licence v3.0. Source: Success Profiles - Civil Service Behaviours (2018), https://www.gov.uk/government/publications/success-profiles. © Crown copyright.',
      },
    ],
  };
}

export const VERSION = {
  version: 3,
  publishedAt: new Date(Date.UTC(2026, 5, 1, 9, 30)),
  contentHash: 'f'.repeat(64),
};
