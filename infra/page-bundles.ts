/**
 * tsx infra/page-bundles.ts
 *
 * The pages' browser code is TypeScript under functions/<page>/browser/ (checked by tsc with
 * tsconfig.browser.json); esbuild bundles its main.ts into page.js and its page.css (which imports
 * the shared functions/shared/page-style.css) into page.css. Run as a script, every page is built
 * into its own functions/<page>/assets/ (git-ignored outputs), which `npm start` and the tests do
 * first; the Lambda bundling builds one page into its function's bundle (infra/bundling.ts).
 */
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';

export const PAGES = ['caseworker-page', 'policy-page', 'screening-page'] as const;
export type PageName = (typeof PAGES)[number];

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** esbuild options that build one page's page.js and page.css into outDir. */
export function pageBuildOptions(page: PageName, outDir: string): BuildOptions {
  const source = `${ROOT}functions/${page}/browser`;
  return {
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
  };
}

/** Every page into its own assets folder: what `npm start` and the test setup run. */
export async function buildPageBundles(): Promise<void> {
  await Promise.all(PAGES.map((page) => build(pageBuildOptions(page, `${ROOT}functions/${page}/assets`))));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildPageBundles();
