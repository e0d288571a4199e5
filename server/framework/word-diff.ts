/** A word-level diff (longest common subsequence), for showing how a descriptor's wording changed. */

export type DiffPart = { readonly op: 'same' | 'added' | 'removed'; readonly text: string };

/** Above this many cells the table is not built: the whole text is shown removed, then added. */
const MAX_CELLS = 1_000_000;

/** Words and the whitespace after each: joining every part's text gives back the text exactly. */
export function tokens(text: string): string[] {
  return text.match(/\s*\S+\s*|\s+/g) ?? [];
}

/** Parts in reading order; adjacent parts of one kind are merged. Removed comes before added. */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  const key = (t: string) => t.trim();
  if (a.length * b.length > MAX_CELLS)
    return merge([
      ...a.map((text) => ({ op: 'removed' as const, text })),
      ...b.map((text) => ({ op: 'added' as const, text })),
    ]);
  // lengths[i][j] = LCS length of a[i..] and b[j..]
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1)
    for (let j = b.length - 1; j >= 0; j -= 1)
      lengths[i * width + j] =
        key(a[i]!) === key(b[j]!)
          ? lengths[(i + 1) * width + j + 1]! + 1
          : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (key(a[i]!) === key(b[j]!)) {
      // The words are equal; keep whichever side's spacing is not empty, so both sides read back.
      parts.push({ op: 'same', text: /\s$/.test(b[j]!) ? b[j]! : a[i]! });
      i += 1;
      j += 1;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      parts.push({ op: 'removed', text: a[i]! });
      i += 1;
    } else {
      parts.push({ op: 'added', text: b[j]! });
      j += 1;
    }
  }
  for (; i < a.length; i += 1) parts.push({ op: 'removed', text: a[i]! });
  for (; j < b.length; j += 1) parts.push({ op: 'added', text: b[j]! });
  return merge(parts);
}

function merge(parts: readonly DiffPart[]): DiffPart[] {
  const out: Array<{ op: DiffPart['op']; text: string }> = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (last !== undefined && last.op === part.op) last.text += part.text;
    else out.push({ ...part });
  }
  return out;
}

/** Whether the texts differ in their words (whitespace alone is not a change). */
export function wordsDiffer(before: string, after: string): boolean {
  return (
    tokens(before)
      .map((t) => t.trim())
      .join(' ') !==
    tokens(after)
      .map((t) => t.trim())
      .join(' ')
  );
}
