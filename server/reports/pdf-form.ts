/**
 * The parts of a paper form, for the blank scoresheet: a label with a line to write on, ruled lines
 * under a label, and boxes to tick. What is written is real, tagged text; the lines are artifacts.
 */
import { plain, type ReportCore } from './pdf-report.js';
import { COLOUR, PARAGRAPH_GAP, SIZE } from './pdf-style.js';

/** A label with a ruled line to write on, to the right edge of the page. */
export function writeField(report: ReportCore, label: string, options: { lineHeight?: number } = {}): void {
  const doc = report.doc;
  const value = plain(label);
  const rowHeight = options.lineHeight ?? 26;
  report.ensureSpace(rowHeight);
  const { left, width } = report;
  const baseline = doc.y + rowHeight - 6;
  const labelWidth = Math.min(report.textWidth(value, true, SIZE.body), width * 0.5);
  report.tagged('P', () => {
    report.drawOneLine(value, left, baseline, true, SIZE.body, COLOUR.text);
  });
  report.artifact(() => {
    doc
      .lineWidth(0.75)
      .strokeColor(COLOUR.secondary)
      .moveTo(left + labelWidth + 8, baseline + 2)
      .lineTo(left + width, baseline + 2)
      .stroke();
  });
  doc.x = left;
  doc.y = baseline + 6;
}

/** Ruled lines to write on (artifacts) under an optional bold label, kept together on one page. */
export function writeWritingLines(
  report: ReportCore,
  count: number,
  options: { label?: string; spacing?: number } = {},
): void {
  const doc = report.doc;
  const spacing = options.spacing ?? 24;
  const label = plain(options.label);
  const labelHeight = label ? report.measure(label, report.width, true, SIZE.body) : 0;
  report.ensureSpace(Math.min(labelHeight + count * spacing, report.pageHeight));
  if (label) report.paragraph(label, { bold: true, gapAfter: 0 });
  const { left, width } = report;
  for (let i = 0; i < count; i++) {
    if (doc.y + spacing > report.bottom) doc.continueOnNewPage();
    const y = doc.y + spacing - 4;
    report.artifact(() => {
      doc
        .lineWidth(0.5)
        .strokeColor(COLOUR.border)
        .moveTo(left, y)
        .lineTo(left + width, y)
        .stroke();
    });
    doc.y += spacing;
  }
  doc.x = left;
  doc.y += PARAGRAPH_GAP;
}

const BOX_SIZE = 20;
const CHOICE_ROW_HEIGHT = 30;
const CHOICE_GAP = 16;

type PlacedChoice = { value: string; x: number; row: number };

/** "Label: ☐ a ☐ b …" as one paragraph of real text, with large boxes to tick; wraps if needed. */
export function writeChoiceBoxes(report: ReportCore, label: string, choices: string[]): void {
  const doc = report.doc;
  const labelText = `${plain(label)}:`;
  const { left } = report;
  const labelWidth = report.textWidth(labelText, true, SIZE.body) + 10;
  const boxWidth = report.textWidth('☐', false, BOX_SIZE);
  // Lay the boxes out first, so the whole group is kept on one page.
  const placed = placeChoices(report, choices.map(plain), labelWidth, boxWidth);
  const rows = (placed.at(-1)?.row ?? 0) + 1;
  report.ensureSpace(rows * CHOICE_ROW_HEIGHT);
  const top = doc.y;
  const baseline = (r: number) => top + r * CHOICE_ROW_HEIGHT + CHOICE_ROW_HEIGHT - 8;
  report.tagged('P', () => {
    report.drawOneLine(labelText, left, baseline(0), true, SIZE.body, COLOUR.text);
    for (const item of placed) {
      report.drawOneLine('☐', item.x, baseline(item.row) + 3, false, BOX_SIZE, COLOUR.text);
      report.drawOneLine(
        ` ${item.value}`,
        item.x + boxWidth,
        baseline(item.row),
        false,
        SIZE.body,
        COLOUR.text,
      );
    }
  });
  doc.x = left;
  doc.y = top + rows * CHOICE_ROW_HEIGHT + PARAGRAPH_GAP;
}

/** Where each choice goes: after the label, wrapping to a new row (under the first box) when full. */
function placeChoices(
  report: ReportCore,
  values: string[],
  labelWidth: number,
  boxWidth: number,
): PlacedChoice[] {
  const { left, width } = report;
  const items = values.map((value) => ({
    value,
    width: boxWidth + 3 + report.textWidth(value, false, SIZE.body),
  }));
  const placed: PlacedChoice[] = [];
  let x = left + labelWidth;
  let row = 0;
  for (const item of items) {
    if (x + item.width > left + width && x > left + labelWidth) {
      row++;
      x = left + labelWidth;
    }
    placed.push({ value: item.value, x, row });
    x += item.width + CHOICE_GAP;
  }
  return placed;
}
