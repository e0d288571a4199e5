/**
 * A blank scoresheet to print, for when the service cannot be used during an interview: the published
 * (frozen) scoresheet with everything a panel member needs to score on paper and enter later.
 */
import { londonDateTime } from '../format.js';
import type { PublishedCriterion, PublishedScoresheet } from '../domain/published-scoresheet.js';
import { createReport, type Report } from './pdf.js';

export type PublishedVersion = { version: number; publishedAt: Date; contentHash: string };

export const OGL_ATTRIBUTION =
  'Contains public sector information licensed under the Open Government Licence v3.0.';

export function blankScoresheetTitle(content: PublishedScoresheet, version: PublishedVersion): string {
  return `Scoresheet: ${content.campaign.title} (version ${version.version})`;
}

export async function writeBlankScoresheet(
  content: PublishedScoresheet,
  version: PublishedVersion,
  out: NodeJS.WritableStream,
): Promise<void> {
  const { campaign } = content;
  const report = createReport({
    title: blankScoresheetTitle(content, version),
    subject: `Blank interview scoresheet for ${campaign.title} (${campaign.vacancyReference})`,
  });
  writeIntroduction(report, content, version);
  writeIdentityFields(report);
  writeScale(report, content.scale);
  for (const criterion of content.criteria) writeCriterion(report, content, criterion);
  writeSignOff(report);
  writeSourcesAndLicence(report, content.editions);
  await report.finish(out, {
    footer: `${campaign.vacancyReference} · scoresheet version ${version.version} · Candidate: ____________________`,
  });
}

/** The title, how to use the sheet, and the campaign's facts. */
function writeIntroduction(report: Report, content: PublishedScoresheet, version: PublishedVersion): void {
  const { campaign } = content;
  report.heading(1, `Interview scoresheet: ${campaign.title}`);
  report.paragraph(
    'For use on paper only when the online service cannot be used. Score each criterion on the evidence ' +
      'you heard, on your own, before the panel discusses the candidate. Enter your scores and notes in the ' +
      'service as soon as you can, then keep or destroy this sheet as your department’s policy says.',
  );
  report.keyValue([
    ['Vacancy reference', campaign.vacancyReference],
    ['Role', `${campaign.role}: ${campaign.roleLevel}`],
    ['Grade', campaign.grade],
    [
      'Behaviours',
      `${behaviourFrameworkName(campaign.behaviourFramework)}, level ${campaign.behaviourLevel}`,
    ],
    ['Pass rule', passRule(content)],
    ['Scoresheet version', versionText(version)],
  ]);
}

/** Lines for who is being interviewed, by whom and when. */
function writeIdentityFields(report: Report): void {
  report.heading(2, 'Candidate and panel member');
  report.field('Candidate name or reference');
  report.field('Panel member');
  report.field('Interview date and time');
}

/** The scoring scale: each score, its label and what it means. */
function writeScale(report: Report, scale: PublishedScoresheet['scale']): void {
  report.heading(2, `Scoring scale: ${scale.name}`);
  report.table({
    columns: [
      { header: 'Score', width: 44, align: 'center' },
      { header: 'Label', width: 110 },
      { header: 'What it means' },
    ],
    rows: scale.points.map((p) => [p.value, p.label, p.descriptor]),
  });
}

/** One criterion: what it is, its descriptors and indicators, boxes to tick a score and lines for notes. */
function writeCriterion(report: Report, content: PublishedScoresheet, criterion: PublishedCriterion): void {
  const { scale } = content;
  report.section(() => {
    report.heading(2, criterionHeading(criterion));
    report.note(criterionFacts(content, criterion));
    if (criterion.description) report.paragraph(criterion.description);
    if (criterion.missing) {
      report.paragraph(
        'The framework text for this criterion was not available when the scoresheet was published.',
        {
          bold: true,
        },
      );
    }
    if (criterion.descriptors.length) {
      report.heading(3, descriptorsHeading(criterion));
      report.bulletList(criterion.descriptors);
    }
    if (criterion.negativeIndicators.length) {
      report.heading(3, 'Ineffective indicators');
      report.bulletList(criterion.negativeIndicators);
    }
    report.choiceBoxes(
      'Score',
      scale.points.map((p) => String(p.value)),
    );
    report.writingLines(8, { label: 'Evidence notes' });
  });
}

function writeSignOff(report: Report): void {
  report.heading(2, 'Sign-off');
  report.field('Signature');
  report.field('Date');
}

function writeSourcesAndLicence(report: Report, editions: PublishedScoresheet['editions']): void {
  report.heading(2, 'Sources and licence');
  report.paragraph(OGL_ATTRIBUTION);
  report.bulletList(
    editions.map((e) =>
      [
        `${e.title} (edition ${e.id}${e.contentHash ? `, content hash ${e.contentHash.slice(0, 16)}` : ''}).`,
        e.attribution,
      ]
        .filter(Boolean)
        .join(' '),
    ),
  );
}

function behaviourFrameworkName(id: string): string {
  if (id === 'cscf-2012') return 'Civil Service Competency Framework 2012';
  if (id === 'success-profiles') return 'Success Profiles behaviours';
  return id;
}

function passRule(content: PublishedScoresheet): string {
  const total = content.overallPassMark ?? '(not set)';
  switch (content.passRule) {
    case 'every-criterion':
      return 'Every criterion at or above its pass mark';
    case 'total':
      return `Weighted total at or above ${total}`;
    case 'every-criterion-and-total':
      return `Every criterion at or above its pass mark, and a weighted total of at least ${total}`;
  }
}

function versionText(version: PublishedVersion): string {
  const published = londonDateTime(version.publishedAt);
  return `Version ${version.version}, published ${published}. Content hash ${version.contentHash.slice(0, 16)}`;
}

function criterionHeading(c: PublishedCriterion): string {
  const sfia = c.sfia
    ? ` (SFIA ${c.sfia.code}${c.sfia.level !== null ? `, level ${c.sfia.level}` : ''})`
    : '';
  return `${c.position}. ${c.title}${sfia}`;
}

const KINDS: Record<string, string> = {
  skill: 'Capability Framework skill',
  behaviour: 'Behaviour',
  technical: 'Technical',
  experience: 'Experience',
  strengths: 'Strengths',
  sfia: 'SFIA skill',
};

function criterionFacts(content: PublishedScoresheet, c: PublishedCriterion): string {
  const kind =
    c.kind === 'behaviour' && content.campaign.behaviourFramework === 'cscf-2012'
      ? 'Competency'
      : (KINDS[c.kind] ?? c.kind);
  const level = c.requiredLevel
    ? /^\d+$/.test(c.requiredLevel)
      ? `Level ${c.requiredLevel}`
      : `Level: ${c.requiredLevel}`
    : null;
  return [
    kind,
    level,
    `Weight ${c.weight}`,
    `Pass mark ${c.passMark}`,
    c.id === content.leadCriterionId ? 'Lead criterion (breaks ties)' : null,
  ]
    .filter(Boolean)
    .join('. ')
    .concat('.');
}

function descriptorsHeading(c: PublishedCriterion): string {
  if (c.negativeIndicators.length) return 'Effective indicators';
  if (c.kind === 'skill')
    return c.requiredLevel ? `Skill descriptors (${c.requiredLevel})` : 'Skill descriptors';
  if (c.kind === 'behaviour') return 'Behaviour indicators';
  return 'Descriptors';
}
