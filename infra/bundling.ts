/**
 * How every Lambda function is bundled, in one place: `bundleFunction` builds a bundle in this
 * process (esbuild's JS API, then the ruleset snapshots, assets and page it carries). The CDK
 * construct runs it as its local-bundling hook (`InProcessBundling`), and the bundle test and the
 * cold-start benchmark call it directly, so what they test and measure is the deployed bundle.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ILocalBundling } from 'aws-cdk-lib';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';
import { DEFAULT_RULESETS_DIR, writeRulesetSnapshots } from '../functions/shared/load-rulesets.ts';
import { type PageName, pageBuildOptions } from './page-bundles.ts';

/** The repository root: function entries and asset folders are named relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Where a bundle's ruleset snapshots and static assets sit, beside its index.mjs. */
export const BUNDLE_RULESETS_FOLDER = 'rulesets';
const BUNDLE_ASSETS_FOLDER = 'assets';

/**
 * Folders of files a function reads at run time, by function name, relative to the repository
 * root; each is copied into that function's bundle as `assets/`, where the handler finds it with
 * `new URL('./assets/', import.meta.url)` just as it does beside its source under tsx.
 */
export const FUNCTION_ASSETS: Readonly<Record<string, string>> = {
  'caseworker-page': 'functions/caseworker-page/assets',
};

/**
 * The pages whose browser code (functions/<name>/browser/) is bundled into `assets/page.js` and
 * `assets/page.css` of their function (infra/page-bundles.ts), by function name.
 */
export const FUNCTION_PAGES: Readonly<Record<string, PageName>> = {
  'caseworker-page': 'caseworker-page',
  'policy-page': 'policy-page',
  'screening-page': 'screening-page',
};

export interface BundleFiles {
  /** Put each published ruleset as a JSON snapshot into `rulesets/` (rulesetSnapshots below). */
  readonly withRulesets?: boolean;
  /** A folder (relative to the repository root) copied to `assets/`. */
  readonly assets?: string;
  /** A page whose browser code is built into `assets/` (FUNCTION_PAGES). */
  readonly page?: PageName;
}

/** What a route's function carries besides its code: the rulesets, and its assets or page if it has them. */
export function routeBundleFiles(route: string): BundleFiles {
  const assets = FUNCTION_ASSETS[route];
  const page = FUNCTION_PAGES[route];
  return { withRulesets: true, ...(assets ? { assets } : {}), ...(page ? { page } : {}) };
}

const snapshotFolders = new Map<string, string>();

/**
 * A folder holding each published ruleset of `rulesetsDir` as one JSON snapshot `<id>.json`
 * (functions/shared/load-rulesets.ts `writeRulesetSnapshots`, which builds each back and verifies its
 * hash before writing, so a ruleset that fails fails the synth rather than a cold start). Written
 * once per process, the first time a bundle asks for it, and removed when the process ends: every
 * bundle copies the same files, and writing them per function cost a Node start and a YAML parse
 * of every ruleset each time (docs/infra.md).
 */
function rulesetSnapshots(rulesetsDir: string): string {
  let folder = snapshotFolders.get(rulesetsDir);
  if (folder === undefined) {
    const made = mkdtempSync(join(tmpdir(), 'pension-ruleset-snapshots-'));
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    writeRulesetSnapshots(rulesetsDir, made);
    snapshotFolders.set(rulesetsDir, made);
    folder = made;
  }
  return folder;
}

/** Lambda runtime family the bundles target (Runtime.NODEJS_24_X in the construct). */
const NODE_TARGET = 'node24';

/**
 * ESM bundles still meet CommonJS dependencies that call `require` (middy, powertools internals);
 * esbuild's ESM output has no `require`, so the banner provides one.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module';const require = __createRequire(import.meta.url);";

/**
 * The AWS SDK v3 ships in the Node.js Lambda runtimes: leaving it out keeps bundles small and cold
 * starts short. The runtime's SDK is newer than the pinned 3.1169.0; both speak the same API.
 */
const EXTERNAL_MODULES = ['@aws-sdk/*'];

/**
 * Each AWS SDK package the functions import, and the file the bundler puts in its place: a
 * one-line CommonJS module that loads the runtime's package with require(), faster at a cold start
 * than an ES import of it (functions/shared/aws-sdk/README.md has the figures).
 */
const SDK_ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  ['client-dynamodb', 'util-dynamodb', 'client-s3'].map((name) => [
    `@aws-sdk/${name}`,
    fileURLToPath(new URL(`../functions/shared/aws-sdk/${name}.cjs`, import.meta.url)),
  ]),
);

/** `module` first so packages that ship ESM (zod, date-fns) tree-shake. */
const MAIN_FIELDS = ['module', 'main'];

/** esbuild options of a function's code: `outfile` is its index.mjs, with the source map beside it. */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: NODE_TARGET,
    format: 'esm',
    minify: true,
    sourcemap: true,
    mainFields: MAIN_FIELDS,
    banner: { js: ESM_REQUIRE_BANNER },
    external: EXTERNAL_MODULES,
    alias: { ...SDK_ALIASES },
    logLevel: 'warning',
    metafile: true,
  };
}

/**
 * Builds one function (`entry` relative to the repository root) into `outDir`: index.mjs and its
 * source map, then the files it reads at run time (`files`); returns esbuild's metafile. Whatever
 * fails (a module esbuild cannot resolve, a ruleset whose snapshot does not verify) throws, and so
 * fails the synth.
 */
export function bundleFunction(entry: string, outDir: string, files: BundleFiles): Metafile {
  const { metafile } = buildSync(esbuildOptions(join(REPO_ROOT, entry), join(outDir, 'index.mjs')));
  if (files.withRulesets) {
    cpSync(rulesetSnapshots(DEFAULT_RULESETS_DIR), join(outDir, BUNDLE_RULESETS_FOLDER), { recursive: true });
  }
  if (files.assets) {
    cpSync(join(REPO_ROOT, files.assets), join(outDir, BUNDLE_ASSETS_FOLDER), { recursive: true });
  }
  // After the copy: the page's script and style are built from source, never taken from a local build.
  if (files.page) buildSync(pageBuildOptions(files.page, join(outDir, BUNDLE_ASSETS_FOLDER)));
  return metafile as Metafile;
}

/**
 * CDK's local-bundling hook for one function: `bundleFunction` in the synth's own process, where
 * NodejsFunction's bundling started an npx esbuild and a shell per command for each function
 * (docs/infra.md has the times). `entry` and `files` are fields because CDK keys its asset cache on
 * the serialised bundling options: two functions must never look like one asset.
 */
export class InProcessBundling implements ILocalBundling {
  readonly entry: string;
  readonly files: BundleFiles;

  constructor(entry: string, files: BundleFiles) {
    this.entry = entry;
    this.files = files;
  }

  tryBundle(outputDir: string): boolean {
    bundleFunction(this.entry, outputDir, this.files);
    return true;
  }
}
