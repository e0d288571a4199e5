import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { renderComponent } from './render.js';

/** Text that must come out escaped from every text parameter. */
export const HOSTILE = `<script>alert(1)</script>"'&`;

export interface Fixture {
  name: string;
  options: Record<string, unknown>;
  html: string;
  hidden?: boolean;
}

const require = createRequire(import.meta.url);
const componentsDir = path.join(
  path.dirname(require.resolve('govuk-frontend/package.json')),
  'dist/govuk/components',
);

export function loadFixtures(component: string): Fixture[] {
  const file = path.join(componentsDir, component, 'fixtures.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { fixtures: Fixture[] }).fixtures;
}

/** Every option path in a fixture, array indices dropped: { items: [{ hint: { text } }] } -> items.hint.text */
function optionPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => optionPaths(item, prefix));
  if (value === null || typeof value !== 'object') return prefix ? [prefix] : [];
  const entries = Object.entries(value);
  if (entries.length === 0) return prefix ? [prefix] : [];
  return entries.flatMap(([key, child]) => [
    ...(prefix ? [prefix] : []),
    ...optionPaths(child, prefix ? `${prefix}.${key}` : key),
  ]);
}

/**
 * The fixtures a partial can render as-is: none of their options is an `html` option (our partials
 * take text only) or is listed in `unsupported` (dotted paths, e.g. "items.conditional").
 */
export function supportedFixtures(component: string, unsupported: string[] = []): Fixture[] {
  return loadFixtures(component).filter((fixture) =>
    optionPaths(fixture.options).every(
      (p) => !/(^|\.)[a-zA-Z]*[hH]tml$/.test(p) && !unsupported.some((u) => p === u || p.startsWith(`${u}.`)),
    ),
  );
}

export function fixture(component: string, name: string): Fixture {
  const found = loadFixtures(component).find((f) => f.name === name);
  assert.ok(found, `govuk-frontend has no "${name}" fixture for ${component}`);
  return found;
}

export function load(html: string): cheerio.CheerioAPI {
  return cheerio.load(html, null, false);
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The parts of a domhandler node we read (cheerio's parser output). */
interface DomNode {
  type: string;
  data?: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

function canonicalNode(node: DomNode, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  if (node.type === 'text') {
    const text = collapse(node.data ?? '');
    if (text) out.push(`${indent}"${text}"`);
    return;
  }
  if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') return;
  const attributes = Object.entries(node.attribs ?? {})
    .map(([name, value]) => [name, name === 'class' ? collapse(value).split(' ').sort().join(' ') : value])
    .sort(([a], [b]) => (a! < b! ? -1 : 1))
    .map(([name, value]) => ` ${name}="${value}"`)
    .join('');
  out.push(`${indent}<${node.name}${attributes}>`);
  for (const child of node.children ?? []) canonicalNode(child, depth + 1, out);
}

/**
 * A whitespace-insensitive outline of some markup: one line per element (attributes sorted, class
 * names sorted) and per text run, plus the whole text content so a lost space between inline
 * elements ("Error:Enter" for "Error: Enter") still shows.
 */
export function canonical(html: string): string {
  const $ = load(html);
  const out: string[] = [];
  for (const node of $.root().contents().toArray() as unknown as DomNode[]) canonicalNode(node, 0, out);
  out.push(`text: ${collapse($.root().text())}`);
  return out.join('\n');
}

export function assertSameMarkup(actual: string, expected: string, message?: string): void {
  assert.equal(canonical(actual), canonical(expected), message);
}

/** Render a component with a govuk-frontend fixture's options and compare with the fixture's HTML. */
export function assertMatchesFixture(
  component: string,
  f: Fixture,
  adjustExpected: ($: cheerio.CheerioAPI) => void = () => {},
  partial = component,
): void {
  const $expected = load(f.html);
  adjustExpected($expected);
  assertSameMarkup(renderComponent(partial, f.options), $expected.html(), `${component} fixture "${f.name}"`);
}

/** Hostile text came out as text: no element was injected and the text survived intact. */
export function assertEscaped(html: string, times = 1): void {
  const $ = load(html);
  assert.equal($('script').length, 0, 'a <script> element was injected');
  const count = $.root().text().split(HOSTILE).length - 1;
  assert.ok(count >= times, `expected the hostile text intact ${times} time(s), found ${count}:\n${html}`);
}

interface FixtureOptions {
  /** Dotted option paths the partial does not take (html options are always skipped). */
  unsupported?: string[];
  /** The partial, when its name differs from the govuk-frontend component. */
  partial?: string;
  /** Edit the expected markup where the partial differs on purpose. */
  adjustExpected?: ($: cheerio.CheerioAPI) => void;
  /** At least this many fixtures must be compared, so a library upgrade cannot silently skip them. */
  min: number;
}

/** One mocha test per govuk-frontend fixture the partial supports. */
export function itMatchesFixtures(component: string, options: FixtureOptions): void {
  const fixtures = supportedFixtures(component, options.unsupported);
  describe(`matches govuk-frontend's ${component} fixtures`, () => {
    it(`compares at least ${options.min} fixtures`, () => {
      assert.ok(fixtures.length >= options.min, `only ${fixtures.length} supported fixtures`);
    });
    for (const f of fixtures) {
      it(f.name, () => assertMatchesFixture(component, f, options.adjustExpected, options.partial));
    }
  });
}
