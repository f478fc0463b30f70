/**
 * GET /: the caseworker page. One self-contained HTML document (style, script and data inline), so
 * the route table needs no asset routes and the page works from any host. Built once per process
 * from assets/ (page.html, and page.js and page.css that infra/page-bundles.ts builds from
 * browser/) and the latest ruleset's area list; a Content-Security-Policy with the hashes of the
 * inline style and script lets nothing else run or load.
 */
import { fileURLToPath } from 'node:url';
import { formatYearMonth } from '../../rules/calendar.ts';
import type { Ruleset } from '../../rules/index.ts';
import { cspHash, type Page, pageCsp, pageHandler } from '../shared/page.ts';
import { readInlineAssets, readPageAsset } from '../shared/page-assets.ts';
import { getRegistry } from '../shared/registry.ts';
import { EXAMPLES } from './examples.ts';

/** The folder holding page.html and the built page.css and page.js; a Lambda bundle has it beside itself. */
const ASSETS_DIR = fileURLToPath(new URL('./assets/', import.meta.url));

export interface PageArea {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  /** The prefecture (or the province, for a prefecture): shown beside a county's name. */
  readonly parent: string;
}

/** The areas the ruleset answers for, each with its parent by the GB/T 2260 code structure. */
export function pageAreas(ruleset: Ruleset): PageArea[] {
  const areas = ruleset.coveredAreas();
  const codes = new Set(areas.map((a) => a.code));
  return areas.map((a) => {
    const prefecture = `${a.code.slice(0, 4)}00`;
    const parent = a.code.endsWith('0000')
      ? a.code
      : a.code !== prefecture && codes.has(prefecture)
        ? prefecture
        : `${a.code.slice(0, 2)}0000`;
    return { code: a.code, name: a.name, nameEn: a.nameEn ?? a.name, parent };
  });
}

/** JSON safe inside a <script> element: no "</script>" or "<!--" can end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/** Fills each empty element of the template once; a missing one is a broken build, not a blank page. */
function fill(template: string, parts: Record<string, string>): string {
  let html = template;
  for (const [empty, full] of Object.entries(parts)) {
    if (!html.includes(empty)) throw new Error(`caseworker page template lacks ${empty}`);
    // A function replacer keeps any "$" in the inserted text literal.
    html = html.replace(empty, () => full);
  }
  return html;
}

export function buildPage(ruleset: Ruleset = getRegistry().latest): Page {
  const { script, style } = readInlineAssets(ASSETS_DIR, 'caseworker');
  const data = scriptJson({
    latestRuleset: ruleset.id,
    coverageStart: formatYearMonth(ruleset.coverageStart),
    areas: pageAreas(ruleset),
    examples: EXAMPLES,
  });
  const html = fill(readPageAsset(ASSETS_DIR, 'page.html'), {
    '<style></style>': `<style>${style}</style>`,
    '<script type="application/json" id="page-data"></script>': `<script type="application/json" id="page-data">${data}</script>`,
    '<script type="module"></script>': `<script type="module">${script}</script>`,
  });
  return { html, csp: pageCsp({ script: cspHash(script), style: cspHash(style), img: "'self' data:" }) };
}

export const handler = pageHandler(() => buildPage());
