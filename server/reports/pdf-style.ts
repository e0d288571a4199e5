/** The look of every report: A4 margins, type sizes, colours and spacing, in points. */

const MM = 72 / 25.4;
export const MARGINS = { top: 18 * MM, bottom: 22 * MM, left: 18 * MM, right: 18 * MM };
export const FOOTER_FROM_BOTTOM = 12 * MM;

export const COLOUR = { text: '#0b0c0c', secondary: '#505a5f', border: '#b1b4b6', fill: '#f3f2f1' };
export const SIZE = { body: 11, small: 9.5, table: 10, footer: 9 };
export const HEADING = {
  1: { size: 20, before: 0, after: 8 },
  2: { size: 15, before: 14, after: 6 },
  3: { size: 12.5, before: 10, after: 4 },
  4: { size: 11, before: 8, after: 3 },
} as const;
export const LINE_GAP = 2;
export const PARAGRAPH_GAP = 6;
export const CELL_PAD = { x: 4, y: 3.5 };
