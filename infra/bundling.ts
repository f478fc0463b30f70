/**
 * How every Lambda function is bundled, in one place: the CDK construct passes these settings to
 * NodejsFunction (which runs the local esbuild, never Docker), and the cold-start benchmark builds
 * with `esbuildOptions()` derived from the same values, so the figures it reports are the deployed ones.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { DEFAULT_RULESETS_DIR, writeRulesetSnapshots } from '../functions/shared/load-rulesets.ts';

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
export const FUNCTION_PAGES: Readonly<Record<string, string>> = {
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
  readonly page?: string;
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

/**
 * The shell commands that complete a bundle after esbuild: the construct's afterBundling hook runs
 * them, and so does the cold-start benchmark, so a benchmarked bundle is the deployed one.
 */
export function afterBundlingCommands(inputDir: string, outputDir: string, files: BundleFiles): string[] {
  const commands: string[] = [];
  if (files.withRulesets) {
    // The repository's rulesets, not inputDir's: the construct also asks for the commands of a
    // Docker build (inputDir /asset-input), which it never runs (local esbuild only).
    const snapshots = rulesetSnapshots(DEFAULT_RULESETS_DIR);
    commands.push(
      `mkdir -p "${outputDir}/${BUNDLE_RULESETS_FOLDER}"`,
      `cp "${snapshots}"/*.json "${outputDir}/${BUNDLE_RULESETS_FOLDER}/"`,
    );
  }
  if (files.assets || files.page) commands.push(`mkdir -p "${outputDir}/${BUNDLE_ASSETS_FOLDER}"`);
  if (files.assets)
    commands.push(`cp -R "${inputDir}/${files.assets}/." "${outputDir}/${BUNDLE_ASSETS_FOLDER}/"`);
  // After the copy: the page's script and style are built from source, never taken from a local build.
  if (files.page) {
    commands.push(
      `"${inputDir}/node_modules/.bin/tsx" "${inputDir}/infra/page-bundles.ts" "${outputDir}/${BUNDLE_ASSETS_FOLDER}" ${files.page}`,
    );
  }
  return commands;
}

/** Lambda runtime family the bundles target (Runtime.NODEJS_24_X in the construct). */
export const NODE_TARGET = 'node24';

/**
 * ESM bundles still meet CommonJS dependencies that call `require` (middy, powertools internals);
 * esbuild's ESM output has no `require`, so the banner provides one.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module';const require = __createRequire(import.meta.url);";

/**
 * The AWS SDK v3 ships in the Node.js Lambda runtimes: leaving it out keeps bundles small and cold
 * starts short. The runtime's SDK is newer than the pinned 3.1169.0; both speak the same API.
 */
export const EXTERNAL_MODULES = ['@aws-sdk/*'];

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

/** The same, as NodejsFunction's `esbuildArgs` (`--alias:<package>=<file>`). */
export const SDK_ALIAS_ARGS: Readonly<Record<'--alias', string[]>> = {
  '--alias': Object.entries(SDK_ALIASES).map(([name, file]) => `${name}=${file}`),
};

/** `module` first so packages that ship ESM (zod, date-fns) tree-shake. */
export const MAIN_FIELDS = ['module', 'main'];

/** esbuild options equivalent to what NodejsFunction runs for the construct's bundling settings. */
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
