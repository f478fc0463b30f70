/**
 * The engine's benchmark (a benchmark, not a timed test):
 *
 *   npm run bench [-- --entitlement-n 100000 --arrears-n 1000000 --runs 3 --out file|null --quick --json]
 *
 * Prints: entitlement evaluations per second in process; arrears cases per second for ~10-year
 * windows in process; the batch CLI's cases per second end to end (a child process on a generated
 * file, start-up included) for entitlement and arrears, with its peak memory; and the start-up
 * alone (one line). Wall times are the median of `--runs`. Targets on the project's 2-core machine:
 * 100,000 entitlement answers in < 2 s; 1,000,000 arrears answers in < 30 s with < 1 GiB peak.
 * Inputs are generated once into .bench/ (git-ignored) and reused.
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getRegistry } from '../../functions/shared/registry.ts';
import { assessArrears, assessEntitlement, type Case, parseCase } from '../../rules/index.ts';
import { CaseGenerator, type CaseKind } from './generate-cases.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BENCH_DIR = join(ROOT, '.bench');

const { values: args } = parseArgs({
  options: {
    'entitlement-n': { type: 'string', default: '100000' },
    'arrears-n': { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: 'file' },
    seed: { type: 'string', default: '42' },
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const QUICK = args.quick === true;
const ENTITLEMENT_N = QUICK ? 20_000 : Number(args['entitlement-n']);
const ARREARS_N = QUICK ? 50_000 : Number(args['arrears-n']);
const RUNS = QUICK ? 1 : Number(args.runs);
const SEED = Number(args.seed);
const OUT_TO_FILE = args.out !== 'null';

const registry = getRegistry();
const areas = registry.latest.coveredAreas().map((a) => a.code);

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const log = (text: string) => {
  if (!args.json) process.stdout.write(`${text}\n`);
};

/** Runs `fn` over the cases repeatedly for at least `seconds`; evaluations per second. */
function throughput(cases: readonly Case[], fn: (c: Case) => unknown, seconds = 2): number {
  for (const c of cases.slice(0, 2000)) fn(c); // warm up the JIT
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (const c of cases) fn(c);
    n += cases.length;
  }
  return (n / (performance.now() - start)) * 1000;
}

function inProcessCases(kind: CaseKind, n: number): Case[] {
  const generator = new CaseGenerator(SEED, kind, areas);
  return Array.from({ length: n }, () => parseCase(generator.next()));
}

/** The generated input for the CLI runs: written once, reused by later runs of the benchmark. */
async function inputFile(kind: CaseKind, n: number): Promise<string> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = join(BENCH_DIR, `${kind}-${n}-seed${SEED}.jsonl`);
  if (existsSync(file)) return file;
  const generator = new CaseGenerator(SEED, kind, areas);
  const out = createWriteStream(`${file}.tmp`);
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += `${JSON.stringify(generator.next())}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise<void>((resolve) => out.end(resolve));
  renameSync(`${file}.tmp`, file);
  return file;
}

interface CliRun {
  readonly seconds: number;
  readonly peakBytes: number | undefined;
  readonly status: number | null;
}

const TIME = '/usr/bin/time';
const HAS_TIME = existsSync(TIME);

/**
 * One run of the batch CLI as a user runs it (`node functions/cli/run.mjs assess …`, what
 * `npm run assess` starts, minus npm's own start-up), stdin from the file, stdout to a file.
 * Peak memory: /usr/bin/time -v's maximum resident set size (the process and all its threads),
 * or else the child's VmHWM polled from /proc.
 */
function runCli(kind: string, input: string, output: string): Promise<CliRun> {
  const command = [process.execPath, 'functions/cli/run.mjs', 'assess', kind];
  const argv = HAS_TIME ? ['-v', ...command] : command;
  // The previous run's answers go first, untimed: truncating hundreds of megabytes of cached pages
  // is the kernel's cleanup of the last run, not work of this one.
  if (output !== '/dev/null') rmSync(output, { force: true });
  return new Promise((resolve, reject) => {
    const start = performance.now();
    // As a shell runs `assess < input > output`: the child reads and writes the files itself.
    const stdin = openSync(input, 'r');
    const stdout = openSync(output, 'w');
    const child = spawn(HAS_TIME ? TIME : (command[0] as string), HAS_TIME ? argv : command.slice(1), {
      cwd: ROOT,
      stdio: [stdin, stdout, 'pipe'],
    });
    closeSync(stdin);
    closeSync(stdout);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    let polledPeak = 0;
    const poll = HAS_TIME
      ? undefined
      : setInterval(() => {
          try {
            const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (hwm) polledPeak = Math.max(polledPeak, Number(hwm[1]) * 1024);
          } catch {}
        }, 50);
    child.on('error', reject);
    child.on('close', (status) => {
      const seconds = (performance.now() - start) / 1000;
      if (poll) clearInterval(poll);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      if (status !== 0) process.stderr.write(stderr.slice(-2000));
      resolve({ seconds, peakBytes: rss ? Number(rss[1]) * 1024 : polledPeak || undefined, status });
    });
  });
}

/** Output to a file (the default) counts writing it; `--out null` sends it to /dev/null. */
async function cliBench(kind: CaseKind, n: number) {
  const input = await inputFile(kind, n);
  const output = OUT_TO_FILE ? join(BENCH_DIR, `${kind}-${n}.out.jsonl`) : '/dev/null';
  const runs: CliRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await runCli(kind, input, output);
    if (run.status !== 0) throw new Error(`assess ${kind} exited ${run.status}`);
    runs.push(run);
  }
  let lines = n;
  let problems = 0;
  if (OUT_TO_FILE) {
    lines = 0;
    const text = createReadStream(output, { encoding: 'utf8', highWaterMark: 1 << 22 });
    for await (const chunk of text as AsyncIterable<string>) {
      for (let at = chunk.indexOf('\n'); at !== -1; at = chunk.indexOf('\n', at + 1)) lines++;
      for (let at = chunk.indexOf('"line":'); at !== -1; at = chunk.indexOf('"line":', at + 1)) problems++;
    }
    if (lines !== n) throw new Error(`expected ${n} answers, got ${lines}`);
  }
  const seconds = median(runs.map((r) => r.seconds));
  const peaks = runs.map((r) => r.peakBytes).filter((p): p is number => p !== undefined);
  return {
    kind,
    cases: n,
    runs: runs.map((r) => Number(r.seconds.toFixed(3))),
    medianSeconds: Number(seconds.toFixed(3)),
    casesPerSecond: Math.round(n / seconds),
    peakMiB: peaks.length > 0 ? Math.round(Math.max(...peaks) / 2 ** 20) : undefined,
    inputMiB: Math.round(statSync(input).size / 2 ** 20),
    outputMiB: OUT_TO_FILE ? Math.round(statSync(output).size / 2 ** 20) : undefined,
    problems,
  };
}

async function startUp() {
  mkdirSync(BENCH_DIR, { recursive: true });
  const input = join(BENCH_DIR, 'one-line.jsonl');
  const generator = new CaseGenerator(SEED, 'entitlement', areas);
  writeFileSync(input, `${JSON.stringify(generator.next())}\n`);
  const times: number[] = [];
  for (let i = 0; i < Math.max(5, RUNS); i++)
    times.push((await runCli('entitlement', input, '/dev/null')).seconds);
  return Number(median(times).toFixed(3));
}

async function main() {
  const machine = `${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
  log(`machine: ${machine}`);

  const entitlementCases = inProcessCases('entitlement', 20_000);
  const ruleset = registry.latest;
  const entitlementRate = throughput(entitlementCases, (c) => assessEntitlement(c, ruleset));
  log(`in process  entitlement: ${fmt(entitlementRate)} evaluations/s (one core, engine only)`);

  const arrearsCases = inProcessCases('arrears', 20_000);
  const windows = arrearsCases.map((c) => assessArrears(c, ruleset).months);
  const meanWindow = windows.reduce((a, b) => a + b, 0) / windows.length;
  const arrearsRate = throughput(arrearsCases, (c) => assessArrears(c, ruleset));
  log(
    `in process  arrears:     ${fmt(arrearsRate)} cases/s (one core, engine only; windows of ${(meanWindow / 12).toFixed(1)} years on average)`,
  );

  const startUpSeconds = await startUp();
  log(`batch CLI   start-up:    ${startUpSeconds.toFixed(3)} s for one line (median)`);

  const entitlement = await cliBench('entitlement', ENTITLEMENT_N);
  log(
    `batch CLI   entitlement: ${fmt(entitlement.cases)} cases in ${entitlement.medianSeconds.toFixed(2)} s (median of ${entitlement.runs.join(', ')}) = ${fmt(entitlement.casesPerSecond)}/s, peak ${entitlement.peakMiB ?? '?'} MiB, ${entitlement.outputMiB ?? '-'} MiB out   [target 100,000 in < 2 s]`,
  );
  const arrears = await cliBench('arrears', ARREARS_N);
  log(
    `batch CLI   arrears:     ${fmt(arrears.cases)} cases in ${arrears.medianSeconds.toFixed(2)} s (median of ${arrears.runs.join(', ')}) = ${fmt(arrears.casesPerSecond)}/s, peak ${arrears.peakMiB ?? '?'} MiB, ${arrears.outputMiB ?? '-'} MiB out   [target 1,000,000 in < 30 s, < 1024 MiB]`,
  );
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          machine,
          inProcess: {
            entitlementPerSecond: Math.round(entitlementRate),
            arrearsPerSecond: Math.round(arrearsRate),
            arrearsMeanWindowMonths: Number(meanWindow.toFixed(1)),
          },
          cli: { startUpSeconds, entitlement, arrears },
        },
        null,
        2,
      )}\n`,
    );
  }
}

await main();
