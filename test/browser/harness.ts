/**
 * Browser journeys: the real app in-process, Debian's chromium driven by playwright-core, and axe-core
 * run on every page a journey visits.
 *
 * Every navigation goes through a Journey (visit, click, press, navigate), which waits for the new
 * page's load event and then runs axe on it. As a safety net the Journey counts the page's load
 * events itself, so a page reached any other way (a stray Enter, a redirect nobody expected) fails
 * the test with "loaded but never checked" instead of slipping through unchecked.
 *
 * After axe, the Journey checks that the page reflows (WCAG 1.4.10): nothing but a labelled, focusable
 * table scroll region may scroll sideways, in the journey's own window, at 320 CSS px wide, at 640 px
 * (1,280 px at 200 % zoom) and at 1,280 px with text-only 200 % zoom. A few key pages are photographed at 1,280 and 320 px into
 * test-results/screenshots/ for review.
 *
 * Pages in a context with JavaScript turned off cannot run axe (axe needs timers, which are off too),
 * so their DOM is audited in a separate JavaScript-enabled page, at the same URL with the same CSS,
 * with the page's own scripts removed: the same rendering a person without JavaScript gets.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type CDPSession,
  type Locator,
  type Page,
  type Response,
} from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
/** Every wait is bounded, well inside mocha's 60 s, so a failure is reported (with screenshots). */
const ACTION_TIMEOUT_MS = 10_000;
const SCREENSHOT_TIMEOUT_MS = 10_000;
const NAVIGATION_TIMEOUT_MS = 15_000;

/** WCAG 2.0, 2.1 and 2.2 A and AA, plus axe's best practices. */
export const AXE_OPTIONS: RunOptions = {
  runOnly: {
    type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
  },
  resultTypes: ['violations'],
};

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const resultsDir = new URL('../../test-results/browser/', import.meta.url).pathname;
const screenshotsDir = new URL('../../test-results/screenshots/', import.meta.url).pathname;

/**
 * The windows every page must fit without scrolling sideways (WCAG 1.4.10 reflow): 320 CSS px, 1,280 px
 * at 200 % zoom, and 1,280 px with text alone at 200 % (the browser's default font size doubled).
 */
export const REFLOW_WINDOWS = [
  { name: 'a 320 px window', viewport: { width: 320, height: 640 }, textZoom: 1 },
  { name: 'a 640 px window (1,280 px at 200 % zoom)', viewport: { width: 640, height: 400 }, textZoom: 1 },
  {
    name: 'a 1,280 px window with text-only 200 % zoom',
    viewport: { width: 1280, height: 800 },
    textZoom: 2,
  },
] as const;
/** Chromium's default font sizes, which text-only zoom multiplies. */
const DEFAULT_FONT_SIZES = { standard: 16, fixed: 13 };

/** The only thing allowed to scroll sideways: a labelled, focusable region, e.g. round a wide table. */
export const SCROLL_REGION_SELECTOR = '[role="region"][tabindex="0"]:is([aria-label], [aria-labelledby])';

/** Pages photographed for review, the first time a journey shows each without an error. */
const KEY_PAGES: Array<{ name: string; path: RegExp }> = [
  { name: 'campaign-overview', path: /^\/campaigns\/[^/]+$/ },
  { name: 'comparison', path: /^\/campaigns\/[^/]+\/comparison$/ },
  { name: 'merit-list', path: /^\/campaigns\/[^/]+\/merit$/ },
  { name: 'scoresheet-builder', path: /^\/campaigns\/[^/]+\/scoresheet$/ },
  { name: 'member-scoresheet', path: /^\/interviews\/[^/]+\/scoresheet$/ },
  { name: 'moderation', path: /^\/moderation\/[^/]+$/ },
  { name: 'interviews', path: /^\/interviews$/ },
];
const photographed = new Set<string>();

/** What the functions run inside pages use (the project's TypeScript has no DOM library). */
type PageGlobals = {
  axe?: { run(options: RunOptions): Promise<AxeResults> };
  document: {
    documentElement: { scrollWidth: number; clientWidth: number };
    activeElement: { id: string; tagName: string; className: string; textContent: string | null } | null;
  };
};

export type Harness = {
  app: TestApp;
  browser: Browser;
  /** How many pages axe has checked (reported when the harness stops). */
  pagesChecked: number;
  /** A JavaScript-enabled page for auditing what JavaScript-off pages rendered. */
  auditPage?: Page;
};

/**
 * Starts the app (with `appOptions`, if any) and chromium before the suite and closes both after it.
 * Call inside `describe`; returns `journey`, which wraps a test body (see below).
 */
export function useBrowserHarness(appOptions?: Parameters<typeof startTestApp>[0]) {
  let harness: Harness | undefined;
  before(async () => {
    const app = await startTestApp(appOptions);
    try {
      const browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: CHROMIUM_ARGS,
        headless: true,
        timeout: NAVIGATION_TIMEOUT_MS,
      });
      harness = { app, browser, pagesChecked: 0 };
    } catch (error) {
      await app.close();
      throw error;
    }
  });
  after(async () => {
    if (!harness) return;
    const { app, browser, pagesChecked } = harness;
    harness = undefined;
    try {
      await browser.close();
    } finally {
      await app.close();
    }
    console.log(`      axe-core and reflow: ${pagesChecked} page(s) checked, no violations allowed`);
  });

  const current = (): Harness => {
    assert.ok(harness, 'the browser harness has not started');
    return harness;
  };

  /**
   * A mocha test body that gets a fresh browser context (its own cookies) and page. On failure, a
   * full-page screenshot of where each journey ended up is written to
   * test-results/browser/<test title>.png, and one per step into test-results/browser/<test title>/.
   */
  function journey(
    body: (journey: Journey, app: TestApp) => Promise<void>,
    options: JourneyOptions = {},
  ): Mocha.AsyncFunc {
    return async function (this: Mocha.Context) {
      const h = current();
      const title = this.test?.fullTitle() ?? 'journey';
      const opened: Journey[] = [];
      const open = async (opts: JourneyOptions) => {
        const j = await Journey.open(h, opts, open);
        opened.push(j);
        return j;
      };
      try {
        const first = await open(options);
        await body(first, h.app);
        for (const j of opened) j.assertFinished();
      } catch (error) {
        const saved = await saveScreenshots(title, opened).catch(
          (saveError: unknown) => `none, saving them failed (${String(saveError)})`,
        );
        throw withNote(error, `Screenshots: ${saved}`);
      } finally {
        await Promise.allSettled(opened.map((j) => j.close()));
      }
    };
  }

  return { journey, harness: current };
}

export type JourneyOptions = {
  javaScriptEnabled?: boolean;
  /** CSS pixels; default 1280 × 800. WCAG 1.4.10 reflow is about 320 wide. */
  viewport?: { width: number; height: number };
};

/** A step's screenshot is evidence for a failure, never a reason for one: undefined if it timed out. */
type Step = { label: string; url: string; screenshot: Buffer | undefined };

/** One person's browser: a context and a page, every page it loads checked by axe. */
export class Journey {
  readonly steps: Step[] = [];
  /** Status of the last document response (after redirects): 400 for a page showing errors. */
  status = 0;
  readonly #problems: string[] = [];
  #loads = 0;
  #checkedLoads = 0;
  #uncheckedUrls: string[] = [];

  private constructor(
    readonly harness: Harness,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly javaScriptEnabled: boolean,
    /** Opens another browser (its own cookies) in the same test, for a second person. */
    readonly open: (options: JourneyOptions) => Promise<Journey>,
  ) {
    page.on('load', () => {
      if (page.url() === 'about:blank') return;
      this.#loads += 1;
      this.#uncheckedUrls.push(page.url());
    });
    page.on('response', (response) => {
      if (response.request().isNavigationRequest()) {
        if (response.frame() === page.mainFrame()) this.status = response.status();
      } else if (response.status() >= 400) {
        this.#problems.push(`${response.status()} for ${response.url()}`);
      }
    });
    page.on('pageerror', (error) => this.#problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // Error pages log "Failed to load resource" for their own status: failed sub-resources are
      // caught by the response listener above instead.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        this.#problems.push(`console error: ${message.text()}`);
      }
    });
  }

  static async open(
    harness: Harness,
    options: JourneyOptions,
    open: (options: JourneyOptions) => Promise<Journey>,
  ): Promise<Journey> {
    const javaScriptEnabled = options.javaScriptEnabled ?? true;
    const context = await harness.browser.newContext(
      contextOptions(harness, javaScriptEnabled, options.viewport),
    );
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
    const page = await context.newPage();
    return new Journey(harness, context, page, javaScriptEnabled, open);
  }

  get app(): TestApp {
    return this.harness.app;
  }

  /** Goes to a path of the app and checks the page; returns the final response. */
  async visit(path: string): Promise<Response | null> {
    const [, response] = await Promise.all([
      this.page.waitForEvent('load', { timeout: NAVIGATION_TIMEOUT_MS }),
      this.page.goto(new URL(path, this.app.baseUrl).toString(), { waitUntil: 'load' }),
    ]);
    await this.check();
    return response;
  }

  /** Does something that loads a new page (a click, a key press), waits for it and checks it. */
  async navigate(action: () => Promise<unknown>, label?: string): Promise<void> {
    await Promise.all([this.page.waitForEvent('load', { timeout: NAVIGATION_TIMEOUT_MS }), action()]);
    await this.check(label);
  }

  click(target: Locator): Promise<void> {
    return this.navigate(() => target.click());
  }

  clickButton(name: string): Promise<void> {
    return this.click(this.page.getByRole('button', { name, exact: true }));
  }

  clickLink(name: string): Promise<void> {
    return this.click(this.page.getByRole('link', { name, exact: true }));
  }

  /** A key press that submits a form or follows a link. */
  press(key: string): Promise<void> {
    return this.navigate(() => this.page.keyboard.press(key));
  }

  /** Runs axe on the page as it is now and keeps a screenshot of the step. */
  async check(label?: string): Promise<void> {
    const name = label ?? (await this.describe());
    if (this.javaScriptEnabled) await checkAccessibility(this.page, name);
    else await checkRenderedWithoutJavaScript(this.harness, this.page, name);
    await checkReflow(this.page, name, this.status);
    this.harness.pagesChecked += 1;
    this.#checkedLoads = this.#loads;
    this.#uncheckedUrls = [];
    this.steps.push({
      label: name,
      url: this.page.url(),
      screenshot: await stepScreenshot(this.page),
    });
  }

  /** The page's main heading (a page-heading legend or label counts), whitespace collapsed. */
  async heading(): Promise<string> {
    return collapse(await this.page.locator('h1').first().innerText());
  }

  /** The signed-in person's name as the header shows it, or undefined when nobody is signed in. */
  async signedInAs(): Promise<string | undefined> {
    const account = this.page.locator('header .app-account strong');
    return (await account.count()) ? collapse(await account.innerText()) : undefined;
  }

  /** What has keyboard focus: tag, id and classes, for assertions. */
  async focused(): Promise<{ tag: string; id: string; className: string; text: string }> {
    return this.page.evaluate(() => {
      const el = (globalThis as unknown as PageGlobals).document.activeElement;
      return {
        tag: el?.tagName.toLowerCase() ?? '',
        id: el?.id ?? '',
        className: el?.className ?? '',
        text: (el?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      };
    });
  }

  /** How many CSS pixels the page is wider than the window (0 when nothing scrolls sideways). */
  async horizontalOverflow(): Promise<number> {
    return this.page.evaluate(() => {
      const root = (globalThis as unknown as PageGlobals).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
  }

  /** Fails if a page loaded without being checked, or anything failed to load or threw. */
  assertFinished(): void {
    if (this.#loads !== this.#checkedLoads)
      assert.fail(`page(s) loaded but never checked for accessibility: ${this.#uncheckedUrls.join(', ')}`);
    if (this.#problems.length) assert.fail(`the browser reported:\n  ${this.#problems.join('\n  ')}`);
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  private async describe(): Promise<string> {
    const title = await this.page.title();
    return `${title} (${new URL(this.page.url()).pathname})`;
  }
}

function contextOptions(
  harness: Harness,
  javaScriptEnabled: boolean,
  viewport = { width: 1280, height: 800 },
): BrowserContextOptions {
  return {
    baseURL: harness.app.baseUrl,
    javaScriptEnabled,
    // Only so axe can be injected into pages whose CSP allows nonce'd scripts alone.
    bypassCSP: true,
    viewport,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  };
}

/**
 * Runs axe-core on the page (WCAG 2.2 A/AA and best practices) and fails with a readable list of
 * every violation: rule, impact, the elements (CSS selectors) and how to fix it.
 */
export async function checkAccessibility(page: Page, label: string): Promise<void> {
  const hasAxe = await page.evaluate(() => (globalThis as unknown as PageGlobals).axe !== undefined);
  if (!hasAxe) await page.evaluate(axeSource);
  const results = await page.evaluate(async (options) => {
    const { axe } = globalThis as unknown as PageGlobals;
    if (!axe) throw new Error('axe-core did not load');
    return axe.run(options);
  }, AXE_OPTIONS);
  if (results.violations.length) assert.fail(formatViolations(label, page.url(), results.violations));
}

/** Audits what a JavaScript-off page rendered, in a JavaScript-enabled page with the scripts removed. */
async function checkRenderedWithoutJavaScript(harness: Harness, page: Page, label: string): Promise<void> {
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  const url = page.url().replace(/#.*$/, '');
  if (!harness.auditPage) {
    const context = await harness.browser.newContext(contextOptions(harness, true));
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
    harness.auditPage = await context.newPage();
  }
  const audit = harness.auditPage;
  let served = false;
  const isThisPage = (requested: URL) => requested.href === url;
  await audit.route(isThisPage, (route) => {
    served = true;
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  });
  try {
    await audit.goto(url, { waitUntil: 'load' });
    assert.ok(served && audit.url() === url, `the audit page did not show the snapshot of ${url}`);
    await checkAccessibility(audit, `${label}, JavaScript off`);
  } finally {
    await audit.unroute(isThisPage);
  }
}

/** What the reflow measurement found in one window. */
export type Overflow = {
  windowWidth: number;
  pageWidth: number;
  /** The element reaching furthest right that no scroll region holds (the outermost, if several do). */
  widest?: { element: string; right: number };
  /** Anything other than a labelled, focusable scroll region that scrolls sideways itself. */
  unlabelledScrollers: string[];
};

/**
 * Fails unless the page fits its own window and each of REFLOW_WINDOWS with nothing but labelled
 * scroll regions scrolling sideways, naming the window, how wide the page is and the widest element
 * that sticks out. Key pages are photographed at 1,280 and 320 px on the
 * way. The window is put back as it was, so the journey carries on where it was.
 */
export async function checkReflow(page: Page, label: string, status = 200): Promise<void> {
  const original = page.viewportSize();
  assert.ok(original, 'the journey has no fixed window size to put back');
  const keyPage = status < 400 ? unphotographedKeyPage(page.url()) : undefined;
  if (keyPage) await photograph(page, keyPage, original.width);
  const problems = [
    reflowProblem(`the journey’s own ${original.width} px window`, await measureOverflow(page)),
  ];
  try {
    for (const { name, viewport, textZoom } of REFLOW_WINDOWS) {
      if (viewport.width === original.width && textZoom === 1) continue;
      await page.setViewportSize(viewport);
      await setTextZoom(page, textZoom);
      problems.push(reflowProblem(name, await measureOverflow(page)));
      if (keyPage && viewport.width === 320) await photograph(page, keyPage, viewport.width);
    }
  } finally {
    await setTextZoom(page, 1);
    await page.setViewportSize(original);
  }
  const found = problems.filter((p) => p !== undefined);
  if (found.length)
    assert.fail(
      `${label} <${page.url()}> scrolls sideways (WCAG 1.4.10 reflow):\n  - ${found.join('\n  - ')}`,
    );
}

const textZooms = new WeakMap<Page, { session: CDPSession; zoom: number }>();

/** Text-only zoom: the default font sizes times `zoom` (GOV.UK Frontend sizes text in rem). */
async function setTextZoom(page: Page, zoom: number): Promise<void> {
  const current = textZooms.get(page);
  if ((current?.zoom ?? 1) === zoom) return;
  const session = current?.session ?? (await page.context().newCDPSession(page));
  await session.send('Page.setFontSizes', {
    fontSizes: { standard: DEFAULT_FONT_SIZES.standard * zoom, fixed: DEFAULT_FONT_SIZES.fixed * zoom },
  });
  textZooms.set(page, { session, zoom });
}

/** One window's problem as a line of the failure message, or undefined if the page fits. */
export function reflowProblem(window: string, overflow: Overflow): string | undefined {
  const lines: string[] = [];
  if (overflow.pageWidth > overflow.windowWidth) {
    const widest = overflow.widest
      ? `the widest element outside a labelled scroll region is ${overflow.widest.element}, reaching ${overflow.widest.right} px`
      : 'no element reaches that far (text too long for its element, a margin or a pseudo-element?)';
    lines.push(`is ${overflow.pageWidth} px wide in ${window}: ${widest}`);
  }
  for (const scroller of overflow.unlabelledScrollers)
    lines.push(
      `in ${window}, ${scroller} scrolls sideways but is not a labelled, focusable scroll region (${SCROLL_REGION_SELECTOR})`,
    );
  return lines.length ? lines.join('\n  - ') : undefined;
}

export function measureOverflow(page: Page): Promise<Overflow> {
  return page.evaluate(measureOverflowInPage, SCROLL_REGION_SELECTOR);
}

/** The parts of the DOM the reflow measurement reads (the project's TypeScript has no DOM library). */
type MeasuredElement = {
  tagName: string;
  id: string;
  /** An SVGAnimatedString on SVG elements. */
  className: unknown;
  textContent: string | null;
  parentElement: MeasuredElement | null;
  scrollWidth: number;
  clientWidth: number;
  getBoundingClientRect(): { right: number };
  matches(selector: string): boolean;
};
type ReflowGlobals = {
  document: {
    documentElement: MeasuredElement;
    body: MeasuredElement;
    querySelectorAll(selector: string): Iterable<MeasuredElement>;
  };
  getComputedStyle: (element: MeasuredElement) => { position: string; overflowX: string };
  scrollX: number;
};

/**
 * Runs in the page, so it is self-contained; its helpers are methods because tsx names every
 * function bound to a constant with a helper that does not exist in the page. An element makes the
 * page wider only if no ancestor clips it, following containing blocks: an absolutely positioned
 * element (govuk-visually-hidden text, say) is clipped by a scroll region only if the region or
 * something inside it is positioned.
 */
function measureOverflowInPage(regionSelector: string): Overflow {
  const { document, getComputedStyle, scrollX } = globalThis as unknown as ReflowGlobals;
  const root = document.documentElement;
  const windowWidth = root.clientWidth;
  const dom = {
    isPage(element: MeasuredElement): boolean {
      return element === root || element === document.body;
    },
    clips(element: MeasuredElement): boolean {
      return !dom.isPage(element) && getComputedStyle(element).overflowX !== 'visible';
    },
    clipped(element: MeasuredElement): boolean {
      for (let node: MeasuredElement | null = element; node;) {
        const position = getComputedStyle(node).position;
        if (position === 'fixed') return false;
        let parent: MeasuredElement | null = node.parentElement;
        if (position === 'absolute')
          while (parent && !dom.isPage(parent) && getComputedStyle(parent).position === 'static')
            parent = parent.parentElement;
        if (!parent || dom.isPage(parent)) return false;
        if (dom.clips(parent)) return true;
        node = parent;
      }
      return false;
    },
    name(element: MeasuredElement): string {
      const classes = typeof element.className === 'string' ? element.className.split(/\s+/) : [];
      return [element.tagName.toLowerCase(), element.id ? `#${element.id}` : '']
        .concat(classes.filter(Boolean).map((c) => `.${c}`))
        .join('');
    },
    /** The element, a little of its text, and its three nearest ancestors. */
    describe(element: MeasuredElement): string {
      const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
      const ancestors: string[] = [];
      for (let a = element.parentElement; a && !dom.isPage(a) && ancestors.length < 3; a = a.parentElement)
        ancestors.push(dom.name(a));
      return [`${dom.name(element)}${text ? ` "${text.slice(0, 60)}"` : ''}`, ...ancestors].join(' in ');
    },
    scrollsSideways(element: MeasuredElement): boolean {
      return (
        element.scrollWidth > element.clientWidth + 1 &&
        !element.matches('input, textarea, select') &&
        ['auto', 'scroll'].includes(getComputedStyle(element).overflowX)
      );
    },
  };

  let widest: Overflow['widest'];
  const unlabelledScrollers: string[] = [];
  for (const element of document.querySelectorAll('body *')) {
    const right = Math.round(element.getBoundingClientRect().right + scrollX);
    if (right > windowWidth && right > (widest?.right ?? 0) && !dom.clipped(element))
      widest = { element: dom.describe(element), right };
    if (dom.scrollsSideways(element) && !element.matches(regionSelector))
      unlabelledScrollers.push(dom.describe(element));
  }
  return { windowWidth, pageWidth: root.scrollWidth, widest, unlabelledScrollers };
}

/** The key page this address shows, if it has not been photographed yet in this run. */
function unphotographedKeyPage(url: string): string | undefined {
  const { pathname } = new URL(url);
  const key = KEY_PAGES.find((k) => k.path.test(pathname))?.name;
  if (!key || photographed.has(key)) return undefined;
  photographed.add(key);
  return key;
}

/** A whole-page screenshot for review; one that cannot be taken is reported, not a failure. */
async function photograph(page: Page, keyPage: string, width: number): Promise<void> {
  const file = `${screenshotsDir}${keyPage}-${width}.png`;
  try {
    await mkdir(screenshotsDir, { recursive: true });
    await writeFile(file, await page.screenshot({ fullPage: true, timeout: SCREENSHOT_TIMEOUT_MS }));
  } catch (error) {
    console.log(`      could not photograph ${keyPage} at ${width} px: ${String(error)}`);
  }
}

export function formatViolations(label: string, url: string, violations: Result[]): string {
  const lines = [`axe-core found ${violations.length} accessibility violation(s) on ${label} <${url}>:`];
  for (const v of violations) {
    lines.push(`  - ${v.id} (${v.impact ?? 'no impact given'}): ${v.help}`);
    for (const node of v.nodes) {
      lines.push(`      at ${node.target.map(String).join(' ')}`);
      lines.push(`         ${collapse(node.html).slice(0, 200)}`);
      const summary = collapse(node.failureSummary ?? '');
      if (summary) lines.push(`         ${summary.slice(0, 300)}`);
    }
    lines.push(`      ${v.helpUrl}`);
  }
  return lines.join('\n');
}

/** Adds a line to an error's message, and to its stack, which is where mocha reads the message from. */
function withNote(error: unknown, note: string): unknown {
  if (!(error instanceof Error)) return error;
  const original = error.message;
  error.message = `${original}\n\n${note}`;
  if (error.stack?.includes(original)) error.stack = error.stack.replace(original, error.message);
  return error;
}

/** A file name from a test title or page label: letters, digits, dots and single dashes. */
function fileName(text: string, length: number): string {
  return text
    .replace(/[^\w.]+/g, '-')
    .slice(0, length)
    .replace(/^-+|-+$/g, '');
}

/**
 * Each step keeps a screenshot of what was on screen (a whole long page can take seconds to capture
 * on a busy machine); the page where a journey fails is captured whole. A screenshot that cannot be
 * taken is left out rather than failing the journey.
 */
async function stepScreenshot(page: Page): Promise<Buffer | undefined> {
  return page.screenshot({ timeout: SCREENSHOT_TIMEOUT_MS }).catch(() => undefined);
}

/** Returns where the screenshots went. */
async function saveScreenshots(title: string, journeys: Journey[]): Promise<string> {
  const name = fileName(title, 150);
  await mkdir(`${resultsDir}${name}`, { recursive: true });
  for (const [index, j] of journeys.entries()) {
    const suffix = index === 0 ? '' : `-${index + 1}`;
    try {
      await writeFile(`${resultsDir}${name}${suffix}.png`, await j.page.screenshot({ fullPage: true }));
    } catch {
      // The page may have crashed or closed: the steps below still show how it got there.
    }
    for (const [n, step] of j.steps.entries()) {
      const stepName = fileName(step.label, 80);
      if (!step.screenshot) continue;
      await writeFile(
        `${resultsDir}${name}/${index + 1}-${String(n + 1).padStart(2, '0')}-${stepName}.png`,
        step.screenshot,
      );
    }
  }
  return `${resultsDir}${name}.png, and each step in ${resultsDir}${name}/`;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
