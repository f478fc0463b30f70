/**
 * Runs a whole replay from a case-set file to the three report files, streaming: lines are read in
 * batches, replayed on worker threads (the second core) or in process, and the changed-case rows are
 * written as their batches complete, in input order. Memory stays flat whatever the case set's size.
 */
import { createReadStream, createWriteStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { CSV_BOM } from '../shared/csv.ts';
import { type BatchResult, type CaseSetFormat, type RawLines, replayRawLines } from './batch-parse.ts';
import { parseCsvHeader } from './case-set-csv.ts';
import { addError, emptyAggregates, mergeAggregates, type ReplayOptions } from './replay.ts';
import type { WorkerInit } from './replay-worker.ts';
import { buildReport, CSV_HEADER, type ReplayReport, reportMeta } from './report.ts';
import { renderReportHtml } from './report-html.ts';
import { type ReplayRulesetSpec, resolveReplayRulesets } from './rulesets-for-replay.ts';
import { UnaffectedCheck } from './unaffected.ts';

export interface Progress {
  readonly bytes: number;
  readonly totalBytes: number;
  readonly lines: number;
}

export interface RunReplayOptions {
  readonly casesPath: string;
  /**
   * How the file is written: by default CSV when its name ends in .csv, else JSON Lines; `records`
   * for a case set as the policy API stores it (functions/policy/case-set-records.ts).
   */
  readonly format?: 'jsonl' | 'csv' | 'records';
  /** Shown in the report (an upload's name rather than a local path). */
  readonly caseSetName?: string;
  readonly outDir: string;
  readonly spec: ReplayRulesetSpec;
  readonly month?: string;
  /** Worker threads; 0 runs in this thread (yielding between batches). Default: 2. */
  readonly workers?: number;
  readonly batchSize?: number;
  readonly skipUnaffected?: boolean;
  readonly onProgress?: (p: Progress) => void;
  /** An instant for the report (the caller's clock). */
  readonly generatedAt: string;
}

/**
 * Starts a worker running a TypeScript module. Node 20 does not pass loader hooks (tsx) to worker
 * threads, so the worker registers tsx itself before importing the module (a bundled build would
 * point at the .js file instead).
 */
function startWorker(url: URL, workerData: unknown): Worker {
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

interface Pool {
  run(seq: number, lines: RawLines): Promise<BatchResult>;
  close(): Promise<void>;
}

function inlinePool(init: WorkerInit): Pool {
  const { baseline, candidate } = resolveReplayRulesets(init.spec);
  const unaffected = new UnaffectedCheck(baseline, candidate);
  return {
    run: async (_seq, lines) => {
      // Yield first, so a server running a replay in process keeps answering requests.
      await new Promise((resolve) => setImmediate(resolve));
      return replayRawLines(lines, init.format, baseline, candidate, init.options, unaffected);
    },
    close: async () => {},
  };
}

function threadPool(init: WorkerInit, size: number): Pool {
  const url = new URL('./replay-worker.ts', import.meta.url);
  const workers = Array.from({ length: size }, () => startWorker(url, init));
  const pending = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: Error) => void }>();
  const load = workers.map(() => 0);
  for (const [i, worker] of workers.entries()) {
    worker.on('message', (m: { seq: number; error?: string } & BatchResult) => {
      load[i] = (load[i] ?? 1) - 1;
      const p = pending.get(m.seq);
      pending.delete(m.seq);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m);
    });
    worker.on('error', (error) => {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    });
  }
  return {
    run(seq, lines) {
      let best = 0;
      for (let i = 1; i < workers.length; i++) if ((load[i] ?? 0) < (load[best] ?? 0)) best = i;
      load[best] = (load[best] ?? 0) + 1;
      return new Promise((resolve, reject) => {
        pending.set(seq, { resolve, reject });
        workers[best]?.postMessage({ seq, lines });
      });
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

function detectFormat(
  path: string,
  firstLine: string,
  given: RunReplayOptions['format'],
): CaseSetFormat | { error: string } {
  if (given === 'records') return { kind: 'records' };
  if (given === 'jsonl' || (given === undefined && !/\.csv$/i.test(path))) return { kind: 'jsonl' };
  const header = parseCsvHeader(firstLine);
  if ('message' in header) return { error: header.message };
  return { kind: 'csv', header };
}

export interface ReplayRunResult {
  readonly report: ReplayReport;
  readonly files: { json: string; csv: string; html: string };
}

/** Replays a case-set file (JSON Lines, or CSV by its .csv extension) and writes report.{json,csv,html}. */
export async function runReplay(options: RunReplayOptions): Promise<ReplayRunResult> {
  const { baseline, candidate } = resolveReplayRulesets(options.spec);
  mkdirSync(options.outDir, { recursive: true });
  const files = {
    json: join(options.outDir, 'report.json'),
    csv: join(options.outDir, 'report.csv'),
    html: join(options.outDir, 'report.html'),
  };
  const csv = createWriteStream(files.csv);
  csv.write(`${CSV_BOM}${CSV_HEADER}\n`);
  const replayOptions: Omit<ReplayOptions, 'onChanged'> = {
    ...(options.month !== undefined ? { month: options.month } : {}),
    ...(options.skipUnaffected !== undefined ? { skipUnaffected: options.skipUnaffected } : {}),
  };
  const total = emptyAggregates();
  const totalBytes = statSync(options.casesPath).size;
  const input = createReadStream(options.casesPath);
  const reader = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const batchSize = options.batchSize ?? 1000;
  const workers = options.workers ?? 2;

  let format: CaseSetFormat | undefined;
  let pool: Pool | undefined;
  let seq = 0;
  let nextToWrite = 0;
  let lineNo = 0;
  const done = new Map<number, BatchResult>();
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = Math.max(2, workers * 3);
  let failure: Error | undefined;

  const flush = async () => {
    while (done.has(nextToWrite)) {
      const result = done.get(nextToWrite) as BatchResult;
      done.delete(nextToWrite);
      mergeAggregates(total, result.aggregates);
      if (result.rows && !csv.write(result.rows))
        await new Promise<void>((r) => csv.once('drain', () => r()));
      nextToWrite++;
    }
  };
  const submit = (lines: RawLines) => {
    const mySeq = seq++;
    const task = (pool as Pool)
      .run(mySeq, lines)
      .then(async (result) => {
        done.set(mySeq, result);
        await flush();
      })
      .catch((error: Error) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  };

  let batch: [number, string][] = [];
  let lastProgress = 0;
  try {
    for await (const text of reader) {
      lineNo++;
      if (format === undefined) {
        const detected = detectFormat(options.casesPath, text, options.format);
        if ('error' in detected) {
          addError(total, { line: 1, message: detected.error });
          break;
        }
        format = detected;
        const init: WorkerInit = { spec: options.spec, format, options: replayOptions };
        pool = workers > 0 ? threadPool(init, workers) : inlinePool(init);
        if (format.kind === 'csv') continue;
      }
      if (text.trim() === '') continue;
      batch.push([lineNo, lineNo === 1 ? text.replace(/^\uFEFF/, '') : text]);
      if (batch.length >= batchSize) {
        submit(batch);
        batch = [];
        while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
        if (failure) throw failure;
        const now = Date.now();
        if (options.onProgress && now - lastProgress > 200) {
          lastProgress = now;
          options.onProgress({ bytes: input.bytesRead, totalBytes, lines: lineNo });
        }
      }
    }
    if (batch.length > 0 && pool) submit(batch);
    while (inFlight.size > 0) await Promise.race(inFlight);
    if (failure) throw failure;
  } finally {
    await pool?.close();
  }
  options.onProgress?.({ bytes: totalBytes, totalBytes, lines: lineNo });
  await new Promise<void>((resolve, reject) =>
    csv.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );

  const report = buildReport(
    total,
    reportMeta(baseline, candidate, options.spec, {
      month: options.month,
      caseSet: options.caseSetName ?? options.casesPath,
      generatedAt: options.generatedAt,
    }),
    baseline,
  );
  writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files.html, renderReportHtml(report));
  return { report, files };
}
