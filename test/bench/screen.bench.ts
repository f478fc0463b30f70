/**
 * npm run bench:screen -- [--n 1000000] [--runs 3] [--month YYYY-MM]
 * Screens a generated set of lists (test/bench/generate-screening.ts, seed 1): a hukou roster of N
 * persons with the other lists in proportion (85 % of those 16+ on the pension roll, 8 % on hardship
 * lists, students and deaths on exclusion lists), by the CLI exactly as staff run it, under
 * /usr/bin/time -v: the median wall time of several runs and the peak resident memory (all threads
 * of the process). Target: 1,000,000 hukou rows in under 60 s on 2 cores, under 1.5 GiB.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { screenListArgs } from './generate-screening.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    month: { type: 'string', default: '2026-06' },
  },
});
const n = Number(values.n);
const lists = join(tmpdir(), `pension-screen-bench-${n}`);
if (!existsSync(join(lists, 'planted.json'))) {
  process.stderr.write(`generating lists for ${n} persons → ${lists}\n`);
  execFileSync(
    'npx',
    ['tsx', 'test/bench/generate-screening.ts', '--n', String(n), '--seed', '1', '--out', lists],
    {
      stdio: 'inherit',
    },
  );
}
const rows = readdirSync(lists)
  .filter((f) => f !== 'planted.json')
  .map((f) => ({ f, bytes: statSync(join(lists, f)).size }));
process.stdout.write(`lists: ${rows.map((r) => `${r.f} ${(r.bytes / 1e6).toFixed(1)} MB`).join(', ')}\n`);

const args = [...screenListArgs(lists), '--month', values.month];
const out = join(tmpdir(), 'pension-screen-bench-out');
const results: { seconds: number; cpu: number; rssMiB: number; load: string }[] = [];
for (let run = 0; run < Number(values.runs); run++) {
  rmSync(out, { recursive: true, force: true });
  const load = readLoad();
  const child = spawnSync(
    '/usr/bin/time',
    ['-v', process.execPath, '--import', 'tsx', 'functions/cli/screen.ts', ...args, '--out', out],
    { encoding: 'utf8', env: { ...process.env, PSEUDONYM_KEY: Buffer.alloc(32, 1).toString('base64') } },
  );
  if (child.status !== 0) throw new Error(`screen failed: ${child.stderr.slice(-2000)}`);
  const elapsed = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(
    child.stderr,
  );
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr);
  // CPU seconds (user + system, all threads): on a shared machine, what the run itself cost.
  const cpu = ['User', 'System'].reduce(
    (sum, kind) =>
      sum + Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(child.stderr)?.[1] ?? 0),
    0,
  );
  const seconds =
    Number(elapsed?.[1] ?? 0) * 3600 + Number(elapsed?.[2] ?? 0) * 60 + Number(elapsed?.[3] ?? 0);
  results.push({ seconds, cpu, rssMiB: Number(rss?.[1] ?? 0) / 1024, load });
  process.stdout.write(
    `run ${run + 1}: ${seconds.toFixed(1)} s, ${cpu.toFixed(1)} CPU s, peak ${(Number(rss?.[1] ?? 0) / 1024).toFixed(0)} MiB (load before: ${load})\n${child.stdout.split('\n')[0]}\n`,
  );
}
const sorted = [...results].sort((a, b) => a.seconds - b.seconds);
const median = sorted[Math.floor(sorted.length / 2)] as (typeof results)[number];
const peak = Math.max(...results.map((r) => r.rssMiB));
process.stdout.write(
  `\n${n} hukou rows: median ${median.seconds.toFixed(1)} s (${sorted.map((r) => r.seconds.toFixed(1)).join(', ')}), ${median.cpu.toFixed(1)} CPU s, peak ${peak.toFixed(0)} MiB\n` +
    `target < 60 s: ${median.seconds < 60 ? 'met' : 'NOT met'}; < 1.5 GiB: ${peak < 1536 ? 'met' : 'NOT met'}\n`,
);

function readLoad(): string {
  try {
    return execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}
