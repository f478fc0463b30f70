/**
 * npm run bench:cold [-- --runs N]
 *
 * Bundles every Lambda function with the code the CDK construct runs (infra/bundling.ts
 * `bundleFunction`: ESM, minified, source maps, node24 target, AWS SDK external, then the ruleset
 * snapshots, assets and page), then reports per function:
 * - the bundle size (the .mjs Lambda loads; the source map is beside it and read only on a stack trace),
 * - the module load time in a fresh Node process (import of the bundle, top-level code included),
 *   median of N runs,
 * - the three largest contributors (esbuild metafile), to show where the bytes come from.
 * Targets: < 300 KB per bundle, < 100 ms to load. Loads run on this machine's Node (v20), not on
 * Lambda's arm64 Node 24, so the times are indicative.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Metafile } from 'esbuild';
import { ROUTES } from '../../functions/routes.ts';
import {
  BUNDLE_RULESETS_FOLDER,
  type BundleFiles,
  bundleFunction,
  REPO_ROOT,
  routeBundleFiles,
} from '../../infra/bundling.ts';

const SIZE_TARGET_KB = 300;
const LOAD_TARGET_MS = 100;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Math.max(1, Number(values.runs));

// As in infra/stacks: the route and replay functions carry the rulesets, the authorizers do not.
const entries: { name: string; entry: string; files: BundleFiles }[] = [
  ...ROUTES.map((r) => ({ name: r.name, entry: r.entry, files: routeBundleFiles(r.name) })),
  { name: 'authorizer', entry: 'functions/authorizer/handler.ts', files: {} },
  { name: 'pre-token', entry: 'functions/authorizer/pre-token.ts', files: {} },
  { name: 'replay-batch', entry: 'functions/replay-batch/handler.ts', files: { withRulesets: true } },
  { name: 'replay-summarise', entry: 'functions/replay-batch/summarise.ts', files: { withRulesets: true } },
];

// Inside the repository, so the external @aws-sdk/* resolves from node_modules as the runtime's would.
const outRoot = join(REPO_ROOT, '.bench-cold');
rmSync(outRoot, { recursive: true, force: true });
mkdirSync(outRoot, { recursive: true });

/** Package (or top folder) of an esbuild input path. */
function origin(input: string): string {
  const nm = input.lastIndexOf('node_modules/');
  if (nm < 0) return input.split('/').slice(0, 2).join('/');
  const rest = input.slice(nm + 'node_modules/'.length).split('/');
  const pkg = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? input);
  // zod's locales are the usual surprise: name them apart from the rest of zod.
  return pkg === 'zod' && input.includes('/locales/') ? 'zod (locales)' : pkg;
}

function topContributors(meta: Metafile, outfile: string): string {
  const output = Object.entries(meta.outputs).find(([path]) => path.endsWith(outfile));
  const byOrigin = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.[1].inputs ?? {})) {
    byOrigin.set(origin(input), (byOrigin.get(origin(input)) ?? 0) + bytesInOutput);
  }
  return [...byOrigin.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)}`)
    .join(', ');
}

/**
 * Milliseconds to import the bundle in a new process (measured inside it, so Node's own start is
 * excluded): wall time, and the CPU time the process spent meanwhile (all its threads). On a busy
 * machine the wall time is mostly waiting for a core; the CPU time is what the import itself costs.
 */
function loadOnce(file: string, rulesetsDir: string): { wall: number; cpu: number } {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); const w = performance.now() - t; const u = process.cpuUsage(c); process.stdout.write(JSON.stringify({ wall: w, cpu: (u.user + u.system) / 1000 }));`;
  const out = execFileSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
    env: {
      ...process.env,
      RULESETS_DIR: rulesetsDir,
      AWS_REGION: 'eu-west-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    encoding: 'utf8',
  });
  return JSON.parse(out) as { wall: number; cpu: number };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

interface Row {
  name: string;
  kb: number;
  mapKb: number;
  loadMs: number;
  cpuMs: number;
  top: string;
}

const rows: Row[] = [];
try {
  for (const { name, entry, files } of entries) {
    const outDir = join(outRoot, name);
    const outfile = join(outDir, 'index.mjs');
    const metafile = bundleFunction(entry, outDir, files);
    const rulesetsDir = join(outDir, BUNDLE_RULESETS_FOLDER);
    const kb = statSync(outfile).size / 1024;
    const mapKb = statSync(`${outfile}.map`).size / 1024;
    loadOnce(outfile, rulesetsDir); // warm the OS file cache once; every measured run is still a fresh process
    const times = Array.from({ length: runs }, () => loadOnce(outfile, rulesetsDir));
    rows.push({
      name,
      kb,
      mapKb,
      loadMs: median(times.map((t) => t.wall)),
      cpuMs: median(times.map((t) => t.cpu)),
      top: topContributors(metafile, `${name}/index.mjs`),
    });
  }
} finally {
  rmSync(outRoot, { recursive: true, force: true });
}

const pad = (s: string, n: number) => s.padEnd(n);
console.log(`cold start: ${entries.length} bundles, median of ${runs} loads each, Node ${process.version}`);
console.log(
  `${pad('function', 20)} ${'bundle KB'.padStart(9)} ${'map KB'.padStart(7)} ${'load ms'.padStart(8)} ${'cpu ms'.padStart(7)}  largest parts (KB)`,
);
for (const r of rows) {
  // Which target is missed: a size and a load time are different problems with different fixes.
  const missed = [r.kb > SIZE_TARGET_KB ? 'size' : '', r.loadMs > LOAD_TARGET_MS ? 'load' : ''].filter(
    Boolean,
  );
  const flag = missed.length > 0 ? ` ! ${missed.join(', ')}` : '';
  // One decimal: a bundle a few hundred bytes either side of the target must not round onto it.
  console.log(
    `${pad(r.name, 20)} ${r.kb.toFixed(1).padStart(9)} ${r.mapKb.toFixed(0).padStart(7)} ${r.loadMs.toFixed(1).padStart(8)} ${r.cpuMs.toFixed(1).padStart(7)}  ${r.top}${flag}`,
  );
}
const overSize = rows.filter((r) => r.kb > SIZE_TARGET_KB).map((r) => r.name);
const overLoad = rows.filter((r) => r.loadMs > LOAD_TARGET_MS).map((r) => r.name);
console.log(
  `size (< ${SIZE_TARGET_KB} KB): ${overSize.length === 0 ? 'all within' : `over: ${overSize.join(', ')}`}`,
);
console.log(
  `load (< ${LOAD_TARGET_MS} ms): ${overLoad.length === 0 ? 'all within' : `over: ${overLoad.join(', ')}`}`,
);
