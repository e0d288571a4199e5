import type { z } from 'zod';

/**
 * Text integrity: what can be stored byte for byte, what a name may contain, and how text that may
 * change the direction of what surrounds it is isolated when it is shown.
 */

/** A character that PostgreSQL text cannot hold (NUL) or UTF-8 cannot encode (a lone surrogate). */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Characters that change the direction of the text around them: the Arabic letter mark, the
 * left-to-right and right-to-left marks, the embeddings and overrides (U+202A–U+202E) and the
 * isolates (U+2066–U+2069).
 */
const BIDI_FORMATTING = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** C0 controls, DEL and C1 controls. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

export const FIRST_STRONG_ISOLATE = '\u2068';
export const POP_DIRECTIONAL_ISOLATE = '\u2069';

/** The message shown beside a field holding a character that cannot be saved. */
export const UNSTORABLE_MESSAGE = 'Remove the invisible character that cannot be saved';

/** True when the text can be stored and read back exactly: no NUL, no lone surrogate. */
export function isStorable(text: string): boolean {
  return !UNSTORABLE.test(text);
}

export function hasBidiFormatting(text: string): boolean {
  return BIDI_FORMATTING.test(text);
}

export type HiddenCharacter = { index: number; codePoint: number; kind: 'control' | 'bidi' };

/**
 * Every control or bidirectional formatting character in the text, in order, with its position (in
 * UTF-16 code units). `allow` lists controls that are part of the text, like tab and newline in notes.
 */
export function findHiddenCharacters(text: string, allow: readonly string[] = []): HiddenCharacter[] {
  const found: HiddenCharacter[] = [];
  for (let index = 0; index < text.length; index++) {
    const ch = text[index]!;
    if (allow.includes(ch)) continue;
    if (CONTROL.test(ch)) found.push({ index, codePoint: ch.charCodeAt(0), kind: 'control' });
    else if (BIDI_FORMATTING.test(ch)) found.push({ index, codePoint: ch.charCodeAt(0), kind: 'bidi' });
  }
  return found;
}

/** A name or title is one line of visible text: no controls at all, no text-direction characters. */
export function isCleanName(text: string): boolean {
  return findHiddenCharacters(text).length === 0;
}

/** The message for a name or title holding a control or text-direction character. */
export const hiddenCharacterMessage = (label: string) =>
  `${label} must not contain control characters or text-direction characters`;

/**
 * The one refinement every name and title field uses (candidates, people, panels, campaigns,
 * criteria): `cleanName(z.string().trim()…, 'Panel name')`.
 */
export function cleanName<S extends z.ZodType<string>>(schema: S, label: string) {
  return schema.refine(isCleanName, hiddenCharacterMessage(label));
}

/**
 * The text wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE when it holds a bidirectional
 * formatting character, so an override inside it ends with it and cannot reorder what follows. Other
 * text is returned unchanged, byte for byte.
 */
export function isolateBidi(text: string): string {
  return hasBidiFormatting(text) ? `${FIRST_STRONG_ISOLATE}${text}${POP_DIRECTIONAL_ISOLATE}` : text;
}

export type UnstorablePlace = {
  path: Array<string | number>;
  /** In a string value, in a field's name, or nested too deeply. */
  problem: 'unstorable' | 'unstorable-name' | 'too-deep';
};

/** Nesting deeper than any form or autosave sends; deeper input is refused, not walked. */
export const MAX_NESTING = 32;

/**
 * Walks a parsed body or query without recursion (so no input can overflow the stack) and returns
 * where the first problems are: a string or field name that cannot be stored, or nesting deeper than
 * MAX_NESTING. Stops after `limit` problems.
 */
export function findUnstorable(value: unknown, limit = 20): UnstorablePlace[] {
  const found: UnstorablePlace[] = [];
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value, path: [] }];
  while (stack.length && found.length < limit) {
    const { value: current, path } = stack.pop()!;
    const name = path[path.length - 1];
    if (typeof name === 'string' && !isStorable(name)) {
      found.push({ path, problem: 'unstorable-name' });
      continue;
    }
    if (typeof current === 'string') {
      if (!isStorable(current)) found.push({ path, problem: 'unstorable' });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (path.length >= MAX_NESTING) {
      found.push({ path, problem: 'too-deep' });
      continue;
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(current)
      ? current.map((v, i) => [i, v])
      : Object.entries(current);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return found;
}
