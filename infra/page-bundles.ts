/**
 * tsx infra/page-bundles.ts [OUT_DIR PAGE]
 *
 * The pages' browser code is TypeScript under functions/<page>/browser/ (checked by tsc with
 * tsconfig.browser.json); esbuild bundles its main.ts into page.js and its page.css (which imports
 * the shared functions/shared/page-style.css) into page.css. With no arguments, every page is built
 * into its own functions/<page>/assets/ (git-ignored outputs), which `npm start` and the tests do
 * first; the Lambda bundling runs it with OUT_DIR and PAGE for one function (infra/bundling.ts).
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const PAGES = ['caseworker-page', 'policy-page', 'screening-page'] as const;
export type PageName = (typeof PAGES)[number];

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Builds one page's page.js and page.css into outDir. */
export async function buildPageBundle(page: PageName, outDir: string): Promise<void> {
  const source = `${ROOT}functions/${page}/browser`;
  await build({
    entryPoints: [
      { in: `${source}/main.ts`, out: 'page' },
      { in: `${source}/page.css`, out: 'page' },
    ],
    outdir: outDir,
    bundle: true,
    format: 'esm',
    // Chromium, Edge, Firefox and Safari of the last years; the offices' WPS-bundled browsers are Chromium.
    target: ['chrome100', 'firefox100', 'safari15'],
    minify: true,
    // Inlined into the HTML: the handler refuses a closing tag in it, so none may be written out.
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

/** Every page into its own assets folder: what `npm start` and the test setup run. */
export async function buildPageBundles(): Promise<void> {
  await Promise.all(PAGES.map((page) => buildPageBundle(page, `${ROOT}functions/${page}/assets`)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [outDir, page] = process.argv.slice(2);
  if (outDir && page) {
    if (!(PAGES as readonly string[]).includes(page)) {
      process.stderr.write(`unknown page ${page}; one of ${PAGES.join(', ')}\n`);
      process.exit(2);
    }
    await buildPageBundle(page as PageName, outDir);
  } else await buildPageBundles();
}
