/** The campaign summary's panels: who is on each, and their calibration (leniency, severity, agreement). */
import type { CampaignSummary } from './campaign-summary-common.js';
import type { Report } from './pdf.js';

type Calibration = CampaignSummary['calibration'][number];

/** Each panel with its number of candidates and its members. */
export function writePanels(report: Report, panels: CampaignSummary['panels']): void {
  report.heading(2, 'Panels');
  if (panels.length === 0) report.paragraph('No panels have been formed.');
  for (const panel of panels) {
    report.section(() => {
      report.heading(3, panel.name);
      report.note(
        `${panel.candidates} ${panel.candidates === 1 ? 'candidate' : 'candidates'} assigned to this panel.`,
      );
      if (panel.members.length === 0) report.paragraph('No members yet.');
      else
        report.table({
          columns: [{ header: 'Member' }, { header: 'Role', width: 150 }],
          rows: panel.members.map((m) => [m.name, m.role]),
          rowHeaders: true,
        });
    });
  }
}

const fixed = (n: number | null, places = 1) => (n === null ? '–' : n.toFixed(places));

export function writeCalibration(report: Report, calibration: CampaignSummary['calibration']): void {
  report.heading(2, 'Panel calibration');
  report.note(
    'From submitted scoresheets only. A member is flagged when their scores differ from the rest of the panel by 0.75 or more on average; agreement is ICC(2,1), shown only with enough candidates.',
  );
  if (calibration.length === 0) report.paragraph('No scores have been submitted yet.');
  for (const panel of calibration) {
    report.section(() => {
      report.heading(3, panel.panel);
      const share = panel.disagreement.share;
      report.paragraph(
        share === null
          ? 'No criterion was scored by two or more members yet.'
          : `Members disagreed by 2 or more on ${Math.round(share * 100)}% of ${panel.disagreement.compared} scored criteria.`,
      );
      writeMemberCalibration(report, panel.members);
      writeAgreement(report, panel.agreement);
    });
  }
}

/** Each member's scores against the rest of the panel, flagged when lenient or severe. */
function writeMemberCalibration(report: Report, members: Calibration['members']): void {
  report.table({
    columns: [
      { header: 'Member' },
      { header: 'Role', width: 90 },
      { header: 'Scores', width: 50, align: 'right' },
      { header: 'Mean', width: 50, align: 'right' },
      { header: 'Against the rest', width: 80, align: 'right' },
      { header: 'Flag', width: 70 },
    ],
    rows: members.map((m) => [
      m.name,
      m.role,
      String(m.count),
      fixed(m.mean, 2),
      m.difference === null ? '–' : `${m.difference > 0 ? '+' : ''}${m.difference.toFixed(2)}`,
      m.flag === 'lenient' ? 'Lenient' : m.flag === 'severe' ? 'Severe' : '',
    ]),
    rowHeaders: true,
  });
}

/** The panel's agreement on each criterion, ICC(2,1), where there are enough candidates. */
function writeAgreement(report: Report, agreement: Calibration['agreement']): void {
  report.table({
    columns: [
      { header: 'Criterion' },
      { header: 'Candidates', width: 65, align: 'right' },
      { header: 'Raters', width: 50, align: 'right' },
      { header: 'ICC(2,1)', width: 90, align: 'right' },
    ],
    rows: agreement.map((a) => [
      a.title,
      String(a.n),
      String(a.k),
      a.enough ? fixed(a.icc, 2) : 'Not enough data',
    ]),
    rowHeaders: true,
  });
}
