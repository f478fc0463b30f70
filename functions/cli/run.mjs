#!/usr/bin/env node
/**
 * Runs a batch CLI from an esbuild bundle instead of through tsx:
 *
 *   node functions/cli/run.mjs assess entitlement < cases.jsonl
 *
 * Why: the batch CLI's target (100,000 answers in under 2 s, start-up included) cannot afford tsx's
 * start-up in the main thread and again in every worker thread, plus compiling on first use
 * (docs/cli.md, "Measured choices"). The bundle lives in node_modules/.cache/pension-cli/ and is
 * rebuilt whenever one of the project files it was built from (or package-lock.json) is newer than
 * it, so a fresh clone needs no build step and an edited source is never run stale.
 * Plain JavaScript on purpose: it must run before anything is compiled.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'node_modules', '.cache', 'pension-cli');

/** Each CLI and the extra entry points (worker threads) bundled with it. */
const CLIS = {
  assess: ['functions/cli/assess.ts', 'functions/cli/assess-worker.ts'],
};

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** True when the bundle exists and nothing it was built from changed since. */
function fresh(name) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(OUT, `${name}.inputs.json`), 'utf8'));
  } catch {
    return false;
  }
  if (stamp.node !== process.version) return false;
  for (const file of [...stamp.inputs, 'package-lock.json', 'functions/cli/run.mjs']) {
    if (mtime(join(ROOT, file)) > stamp.builtAt) return false;
  }
  return stamp.outputs.every((file) => mtime(join(OUT, file)) !== Number.POSITIVE_INFINITY);
}

async function build(name) {
  const { build: esbuild } = await import('esbuild');
  const builtAt = Date.now();
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: CLIS[name],
    outdir: OUT,
    outbase: 'functions/cli',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    // The main thread's bundle stays small (it only reads and writes); the engine is a shared chunk.
    splitting: true,
    chunkNames: '[name]-[hash]',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'error',
    // Some dependencies are CommonJS and call require(): give the ESM bundle one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  mkdirSync(OUT, { recursive: true });
  const outputs = [];
  // Written beside and renamed: two runs building at once never see half a file.
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
    outputs.push(relative(OUT, file.path));
  }
  const inputs = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
  const stampFile = join(OUT, `${name}.inputs.json`);
  // Chunks of the previous build that this one no longer uses (their names carry a content hash).
  try {
    const previous = JSON.parse(readFileSync(stampFile, 'utf8')).outputs ?? [];
    for (const file of previous) if (!outputs.includes(file)) rmSync(join(OUT, file), { force: true });
  } catch {}
  writeFileSync(
    `${stampFile}.${process.pid}.tmp`,
    JSON.stringify({ builtAt, node: process.version, inputs, outputs }),
  );
  renameSync(`${stampFile}.${process.pid}.tmp`, stampFile);
}

const name = process.argv[2];
if (!Object.hasOwn(CLIS, name ?? '')) {
  process.stderr.write(`usage: node functions/cli/run.mjs <${Object.keys(CLIS).join('|')}> [arguments]\n`);
  process.exit(2);
}
if (!fresh(name)) await build(name);
// The bundle cannot find rules/rulesets/ from its own folder (functions/shared/load-rulesets.ts): say where it is.
process.env.RULESETS_DIR ??= join(ROOT, 'rules', 'rulesets');
// Where the CLI may cache what it can rebuild (functions/cli/cached-registry.ts).
process.env.PENSION_CLI_CACHE_DIR ??= OUT;
process.argv.splice(2, 1);
const entry = join(OUT, `${name}.mjs`);
await import(pathToFileURL(entry).href);
