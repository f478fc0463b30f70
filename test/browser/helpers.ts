/**
 * What the browser tests share: Debian's chromium driven by playwright-core, the real local server on
 * a temporary data folder with an in-memory dynalite, pages that fail on script errors, screenshots
 * into test-output/screenshots/ (git-ignored) and the keyboard walk over every control.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { type LocalServer, startLocalServer } from '../../functions/local/server.ts';

// The functions given to page.evaluate run in the browser. The project's tsconfig has no DOM library,
// so this module declares just what they touch.
interface BrowserElement {
  readonly dataset: Record<string, string | undefined>;
  readonly outerHTML: string;
  readonly classList: { contains(name: string): boolean };
  matches(selector: string): boolean;
  getBoundingClientRect(): { width: number; height: number };
}
declare const document: {
  readonly activeElement: BrowserElement | null;
  readonly documentElement: { readonly scrollWidth: number };
  querySelectorAll(selector: string): Iterable<BrowserElement>;
};
declare const window: { readonly innerWidth: number };
declare function getComputedStyle(element: BrowserElement): { visibility: string; outlineStyle: string };

export const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--lang=zh-CN',
];

export interface BrowserRig {
  readonly server: LocalServer;
  readonly browser: Browser;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** The local server (temporary data folder, in-memory store) and a headless Chromium, started together. */
export async function startRig(prefix: string): Promise<BrowserRig> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const [server, browser] = await Promise.all([
    startLocalServer({ port: 0, dataDir, storage: 'memory', dynalite: 'in-process' }),
    chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS }),
  ]);
  return {
    server,
    browser,
    dataDir,
    close: async () => {
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Opened {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly errors: string[];
  /** Messages the page logged as errors (a 404 for a favicon shows here too). */
  readonly console: string[];
  /** Requests answered 400 or more, or not answered. */
  readonly failed: string[];
}

export interface OpenOptions {
  readonly viewport?: { width: number; height: number };
  /** Waited for after loading, when the page marks itself ready. */
  readonly readySelector?: string;
}

export async function openPage(browser: Browser, url: string, options: OpenOptions = {}): Promise<Opened> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: 'zh-CN',
  });
  // Fail in seconds, not at the test timeout, when something never appears.
  context.setDefaultTimeout(8_000);
  const page = await context.newPage();
  const errors: string[] = [];
  const console: string[] = [];
  const failed: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') console.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => failed.push(`failed ${request.url()}`));
  await page.goto(url);
  if (options.readySelector) await page.waitForSelector(options.readySelector);
  return { context, page, errors, console, failed };
}

/** Opens a page, runs `run`, and fails on any script error even when the visible result looked right. */
export async function withOpenPage(
  browser: Browser,
  url: string,
  run: (opened: Opened) => Promise<void>,
  options: OpenOptions = {},
): Promise<void> {
  const opened = await openPage(browser, url, options);
  try {
    await run(opened);
    expect(opened.errors).toEqual([]);
  } finally {
    await opened.context.close();
  }
}

export const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });

/** The phone the pages are checked at (a common Android width). */
export const PHONE = { width: 390, height: 844 } as const;

/** The page is no wider than the phone's screen, and the element `selector` lies within it. */
export async function expectFitsPhone(page: Page, selector: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'page wider than the screen').toBeLessThanOrEqual(0);
  const box = await page.locator(selector).boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? 0), selector).toBeLessThanOrEqual(PHONE.width);
}

export interface KeyboardWalk {
  /** How many visible, enabled controls the page has. */
  readonly controls: number;
  /** The controls Tab never reached (their opening HTML). */
  readonly missed: string[];
  /** 'solid' when focus was visible, else the opening HTML of the control without an outline. */
  readonly outlines: string[];
}

/**
 * Presses Tab from the top of the page until every visible, enabled control has had the focus (or
 * `pressesPerControl` × controls presses). Date inputs take one Tab per part, hence several presses.
 */
export async function walkWithKeyboard(page: Page, pressesPerControl = 4): Promise<KeyboardWalk> {
  const controls = await page.evaluate(() => {
    const selector = 'a[href], button, input, select, textarea, summary, [tabindex="0"]';
    const all = [...document.querySelectorAll(selector)].filter((el) => {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      const skip = el.matches(':disabled') || el.classList.contains('skip');
      return !skip && style.visibility !== 'hidden' && box.width > 0 && box.height > 0;
    });
    all.forEach((el, i) => {
      el.dataset.walk = String(i);
    });
    return all.length;
  });
  const reached = new Set<string>();
  const outlines = new Set<string>();
  for (let press = 0; press < controls * pressesPerControl && reached.size < controls; press++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el?.dataset.walk === undefined
        ? null
        : {
            id: el.dataset.walk,
            outline: getComputedStyle(el).outlineStyle === 'none' ? el.outerHTML.slice(0, 80) : 'solid',
          };
    });
    if (focused) {
      reached.add(focused.id);
      outlines.add(focused.outline);
    }
  }
  const missed = await page.evaluate(
    (seen) =>
      [...document.querySelectorAll('[data-walk]')]
        .filter((el) => !seen.includes(el.dataset.walk as string))
        .map((el) => el.outerHTML.slice(0, 120)),
    [...reached],
  );
  return { controls, missed, outlines: [...outlines] };
}

interface Box {
  getBoundingClientRect(): { left: number; right: number; top: number; bottom: number; width: number };
  readonly textContent: string | null;
}

/** Pairs of the matched text elements whose boxes overlap (labels drawn over each other). */
export async function overlappingLabels(page: Page, selector: string): Promise<string[]> {
  const boxes = await page.locator(selector).evaluateAll((els) =>
    (els as unknown as Box[]).map((el) => {
      const r = el.getBoundingClientRect();
      return { text: el.textContent ?? '', left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    }),
  );
  const overlaps: string[] = [];
  boxes.forEach((a, i) => {
    for (const b of boxes.slice(i + 1)) {
      const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
      if (!apart) overlaps.push(`${a.text} × ${b.text}`);
    }
  });
  return overlaps;
}

/** Pages of a PDF as Chromium writes it: one `/Type /Page` dictionary each (the tree is `/Pages`). */
export const pdfPages = (pdf: Buffer) =>
  pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
