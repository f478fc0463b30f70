/**
 * npm run bench:replay -- [--n 1000000] [--runs 3] [--month YYYY-MM] [--workers 2] [--no-skip]
 * Replays N generated cases (test/bench/generate-cases.ts, seed 1) under the latest ruleset (2026.2) and a draft raising
 * the national minimum by 20 yuan from 2026-07-01, with the full report (json, csv, html), and
 * prints the median wall time and the peak resident memory (all threads) of several runs.
 * Target: 1,000,000 cases in under 30 s on 2 cores, peak memory under 1.5 GiB.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readDraftText } from '../../functions/policy/draft-text.ts';
import { runReplay } from '../../functions/policy/run-replay.ts';
import { nationalMinimumDraft } from '../../functions/policy-page/example-draft.ts';

const DRAFT = nationalMinimumDraft('2026-07-01', {
  purpose: '基准测试',
  note: 'benchmark draft',
  reason: 'A benchmark change, not a policy.',
});

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    month: { type: 'string' },
    workers: { type: 'string', default: '2' },
    'no-skip': { type: 'boolean' },
  },
});
const n = Number(values.n);
const dir = join(tmpdir(), 'pension-replay-bench');
mkdirSync(dir, { recursive: true });
const cases = join(dir, `cases-${n}.jsonl`);
if (!existsSync(cases)) {
  process.stderr.write(`generating ${n} cases → ${cases}\n`);
  execFileSync(
    'npx',
    ['tsx', 'test/bench/generate-cases.ts', '--n', String(n), '--seed', '1', '--out', cases],
    {
      stdio: 'inherit',
    },
  );
}
const draftPath = join(dir, 'raise-20.yaml');
writeFileSync(draftPath, DRAFT);

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);

const times: number[] = [];
let last: Awaited<ReturnType<typeof runReplay>> | undefined;
for (let run = 0; run < Number(values.runs); run++) {
  const out = join(dir, `out-${run}`);
  rmSync(out, { recursive: true, force: true });
  const started = performance.now();
  last = await runReplay({
    casesPath: cases,
    outDir: out,
    spec: {
      baseline: '2026.2',
      candidate: { draft: readDraftText(DRAFT), draftName: 'raise-20.yaml' },
      today: '2026-12-01',
    },
    ...(values.month !== undefined ? { month: values.month } : {}),
    workers: Number(values.workers),
    ...(values['no-skip'] ? { skipUnaffected: false } : {}),
    generatedAt: new Date().toISOString(),
    batchSize: 2000,
  });
  const seconds = (performance.now() - started) / 1000;
  times.push(seconds);
  process.stderr.write(`run ${run + 1}: ${seconds.toFixed(2)} s\n`);
}
clearInterval(sampler);
peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] as number;
const summary = last?.report.summary;
const result = {
  cases: n,
  inputBytes: statSync(cases).size,
  month: values.month ?? '(each case its own)',
  workers: Number(values.workers),
  skipUnaffected: !values['no-skip'],
  runsSeconds: times.map((t) => Number(t.toFixed(2))),
  medianSeconds: Number(median.toFixed(2)),
  casesPerSecond: Math.round(n / median),
  peakRssMiB: Math.round(peakRss / 1024 / 1024),
  summary,
  targets: { seconds: 30, peakRssMiB: 1536 },
  pass: median < 30 && peakRss < 1.5 * 1024 ** 3,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
