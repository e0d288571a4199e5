/** Text helpers shared by the importers and the library. Pure functions only. */

const INVISIBLE = /[\u200B\uFEFF]/g;
const SPACE_LIKE = /[ \t\u00A0\u2028\u2029]+/g;

/**
 * Whitespace-only cleaning of a source cell; never changes wording:
 * CRLF → LF; zero-width spaces removed; no-break spaces, tabs and U+2028/U+2029 separators treated as
 * spaces; runs of spaces collapsed; every line trimmed; runs of blank lines collapsed to one; text trimmed.
 */
export function cleanText(raw: string): string {
  const lines = raw
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .split('\n')
    .map((line) => line.replace(SPACE_LIKE, ' ').trim());
  const out: string[] = [];
  for (const line of lines) {
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

/** URL-friendly slug: lower case ASCII letters and digits separated by single hyphens. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export interface TextSection {
  /** The line before the bullets, e.g. "You can:"; null when the text starts with bullets. */
  heading: string | null;
  items: string[];
}

/** Splits cleaned text into sections: a non-bullet line starts a section, "- " lines are its items. */
export function sections(text: string): TextSection[] {
  const result: TextSection[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('- ') || line === '-') {
      const item = line.slice(1).trim();
      let current = result[result.length - 1];
      if (current === undefined) {
        current = { heading: null, items: [] };
        result.push(current);
      }
      if (item !== '') current.items.push(item);
    } else {
      result.push({ heading: line, items: [] });
    }
  }
  return result;
}

export type TextBlock = { type: 'paragraph'; text: string } | { type: 'list'; items: string[] };

/** Blocks for display: consecutive "- " lines become one list, every other line a paragraph. */
export function textBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('- ')) {
      const last = blocks[blocks.length - 1];
      const item = line.slice(2).trim();
      if (last?.type === 'list') last.items.push(item);
      else blocks.push({ type: 'list', items: [item] });
    } else {
      blocks.push({ type: 'paragraph', text: line });
    }
  }
  return blocks;
}
