/**
 * A whole screening on one machine, streaming: the lists are read row by row into partition files of
 * pseudonymised records (./partitions.ts), each partition is bundled and classified on a worker
 * thread (or in this thread), and the results are written as partitions complete, in key order.
 * Memory holds one partition per worker and the previous run's finding keys, whatever the lists' size.
 * The CLI (functions/cli/screen.ts) and the API's runner (./api-run.ts) both run it.
 */
import {
  appendFileSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  type WriteStream,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { formatYearMonth, parseYearMonth } from '../../rules/calendar.ts';
import { NotCoveredError, type Ruleset, type RulesetRegistry } from '../../rules/index.ts';
import { rulesetsDir as defaultRulesetsDir } from '../policy/rulesets-for-replay.ts';
import { CSV_BOM } from '../shared/csv.ts';
import { loadRulesets } from '../shared/load-rulesets.ts';
import { type BatchResult, mergeTally, screenBundles, type Tally } from './batch.ts';
import type { Finding, PersonResult } from './classify.ts';
import type { BadRow, ScreeningRecord } from './lists.ts';
import {
  badRowsCsv,
  type ComparisonTally,
  findingKey,
  type PreviousFindings,
  personCsvRows,
  personLine,
  RESULT_CSV_HEADER,
  type ScreeningSummary,
  summaryCsv,
  summaryRows,
} from './output.ts';
import { PartitionWriter, partitionDigits, partitionPath, readPartition } from './partitions.ts';
import { type ListInput, type ListReadResult, readList } from './read-list.ts';
import type { ReaderMessage, ReaderWorkerInit } from './reader-worker.ts';
import { NO_AREA } from './summary-table.ts';
import type { ScreeningWorkerInit } from './worker.ts';

export interface ScreeningProgress {
  readonly phase: 'reading' | 'screening';
  readonly done: number;
  readonly total: number;
}

/** Lists already read and pseudonymised (an upload to the API), instead of files to read. */
export interface PreparedLists {
  readonly records: readonly ScreeningRecord[];
  readonly lists: readonly ListReadResult[];
  readonly badRows: readonly BadRow[];
}

export interface RunScreeningOptions {
  /** Files to read (with their total size, for the progress bar), or lists already read. */
  readonly input: { lists: readonly ListInput[]; totalBytes: number; key: Buffer } | PreparedLists;
  readonly month: string;
  /** A published ruleset id; default the latest. */
  readonly ruleset?: string;
  readonly rulesetsDir?: string;
  readonly outDir: string;
  /** A previous run's output folder: its results.jsonl is compared with this run's. */
  readonly previousDir?: string;
  readonly byTownship?: boolean;
  /** Worker threads; 0 classifies in this thread (yielding between partitions). Default 2. */
  readonly workers?: number;
  readonly onProgress?: (p: ScreeningProgress) => void;
  /** An instant for the summary (the caller's clock). */
  readonly generatedAt: string;
}

export const OUTPUT_FILES = {
  persons: 'results.jsonl',
  csv: 'results.csv',
  summary: 'summary.json',
  summaryCsv: 'summary.csv',
  badRows: 'bad-rows.csv',
  resolved: 'resolved.jsonl',
  townships: 'by-township',
} as const;

/** The ruleset a screening runs under, checked to cover the month. */
export function screeningRuleset(registry: RulesetRegistry, id: string | undefined, month: string): Ruleset {
  const ruleset = id === undefined ? registry.latest : registry.get(id);
  const m = parseYearMonth(month);
  if (m === undefined) throw new NotCoveredError([{ path: 'month', message: 'must be a month YYYY-MM' }]);
  if (m < ruleset.coverageStart) {
    throw new NotCoveredError([
      {
        path: 'month',
        message: `ruleset ${ruleset.id} covers months from ${formatYearMonth(ruleset.coverageStart)}`,
      },
    ]);
  }
  return ruleset;
}

/** Reads a previous run's results.jsonl into its findings by key. */
async function readPreviousFindings(
  dir: string,
): Promise<{ findings: PreviousFindings; generatedAt?: string }> {
  const findings: PreviousFindings = new Map();
  const lines = createInterface({
    input: createReadStream(join(dir, OUTPUT_FILES.persons)),
    crlfDelay: Infinity,
  });
  for await (const text of lines) {
    if (text.trim() === '') continue;
    const p = JSON.parse(text) as PersonResult;
    for (const f of p.findings) {
      const { change: _change, ...finding } = f as Finding & { change?: string };
      findings.set(findingKey(p.person, finding), {
        area: p.area ?? NO_AREA,
        class: f.class,
        line: JSON.stringify({ person: p.person, area: p.area, township: p.township, finding }),
      });
    }
  }
  let generatedAt: string | undefined;
  try {
    generatedAt = (JSON.parse(readFileSync(join(dir, OUTPUT_FILES.summary), 'utf8')) as ScreeningSummary)
      .generatedAt;
  } catch {
    generatedAt = undefined;
  }
  return generatedAt === undefined ? { findings } : { findings, generatedAt };
}

/**
 * Starts a worker running a TypeScript module (as functions/policy/run-replay.ts does: Node 20 does
 * not pass tsx's loader hooks to worker threads, so the worker registers tsx itself).
 */
function startWorker(url: URL, workerData: unknown): Worker {
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

type Classify = (paths: string[]) => Promise<BatchResult>;

function workerPool(
  init: ScreeningWorkerInit,
  size: number,
): { classify: Classify; close: () => Promise<void> } {
  const url = new URL('./worker.ts', import.meta.url);
  const workers = Array.from({ length: size }, () => startWorker(url, init));
  const pending = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: Error) => void }>();
  const idle = [...workers];
  const queue: { seq: number; paths: string[] }[] = [];
  let seq = 0;
  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) (idle.pop() as Worker).postMessage(queue.shift());
  };
  for (const worker of workers) {
    worker.on('message', (m: { seq: number; error?: string } & BatchResult) => {
      const waiting = pending.get(m.seq);
      pending.delete(m.seq);
      idle.push(worker);
      dispatch();
      if (m.error !== undefined) waiting?.reject(new Error(m.error));
      else waiting?.resolve({ persons: m.persons, tally: m.tally });
    });
    worker.on('error', (error) => {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    });
  }
  return {
    classify: (paths) =>
      new Promise<BatchResult>((resolve, reject) => {
        const s = seq++;
        pending.set(s, { resolve, reject });
        queue.push({ seq: s, paths });
        dispatch();
      }),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** Buffered files per township: appended in chunks, so hundreds of townships need no open streams. */
class TownshipFiles {
  private readonly buffers = new Map<string, string>();
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }
  add(township: string, rows: string): void {
    const name = /^\d+$/.test(township) ? township : NO_AREA;
    let text = this.buffers.get(name);
    if (text === undefined) {
      writeFileSync(join(this.dir, `${name}.csv`), `${CSV_BOM}${RESULT_CSV_HEADER.join(',')}\n`);
      text = '';
    }
    text += rows;
    if (text.length > 1 << 18) {
      appendFileSync(join(this.dir, `${name}.csv`), text);
      text = '';
    }
    this.buffers.set(name, text);
  }
  close(): void {
    for (const [name, text] of this.buffers)
      if (text !== '') appendFileSync(join(this.dir, `${name}.csv`), text);
    this.buffers.clear();
  }
}

function write(stream: WriteStream, text: string): Promise<void> | undefined {
  if (stream.write(text)) return undefined;
  return new Promise((ok) => stream.once('drain', () => ok()));
}

function closeStream(stream: WriteStream): Promise<void> {
  return new Promise((ok, fail) => {
    stream.once('error', fail);
    stream.end(() => ok());
  });
}

export interface ReadPhase {
  readonly count: number;
  /** The files of partition p, one per writer. */
  readonly paths: (p: number) => string[];
  readonly lists: ListReadResult[];
  /** In list order, then line order; a refused file as its line 0. */
  readonly badRows: BadRow[];
}

/**
 * Reads the lists into partition files: lists already read are written as they are; files are read
 * on up to two reader threads (the largest files first, each to the thread with less to read), or
 * in this thread when `workers` is 0 or a list has no path.
 */
export async function readPhase(
  input: RunScreeningOptions['input'],
  work: string,
  workers: number,
  progress: (p: ScreeningProgress) => void,
): Promise<ReadPhase> {
  if ('records' in input) {
    const partitions = new PartitionWriter(work, 1);
    for (const r of input.records) partitions.add(r);
    partitions.close();
    return {
      count: partitions.count,
      paths: (p) => [partitions.path(p)],
      lists: [...input.lists],
      badRows: [...input.badRows],
    };
  }
  const digits = partitionDigits(input.totalBytes);
  const order = new Map(input.lists.map((l, i) => [l.name, i]));
  const finish = (lists: ListReadResult[], bad: BadRow[], writers: number): ReadPhase => {
    lists.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
    const badRows = [
      ...lists
        .filter((l) => l.refused)
        .map((l) => ({ source: l.name, line: 0, message: l.refused as string })),
      ...bad,
    ].sort((a, b) => (order.get(a.source) ?? 0) - (order.get(b.source) ?? 0) || a.line - b.line);
    return {
      count: 16 ** digits,
      paths: (p) => Array.from({ length: writers }, (_, w) => partitionPath(work, p, w)),
      lists,
      badRows,
    };
  };
  const paths = input.lists.map((l) => l.path);
  if (workers === 0 || paths.some((p) => p === undefined)) {
    const partitions = new PartitionWriter(work, digits);
    const lists: ListReadResult[] = [];
    const bad: BadRow[] = [];
    let before = 0;
    for (const list of input.lists) {
      lists.push(
        await readList(list, input.key, {
          record: (r) => partitions.add(r),
          bad: (b) => bad.push(b),
          progress: (bytes) => progress({ phase: 'reading', done: before + bytes, total: input.totalBytes }),
        }),
      );
      before += list.size ?? 0;
    }
    partitions.close();
    return finish(lists, bad, 1);
  }
  const groups: { lists: ListInput[]; bytes: number }[] = [
    { lists: [], bytes: 0 },
    { lists: [], bytes: 0 },
  ];
  for (const list of [...input.lists].sort((a, b) => (b.size ?? 0) - (a.size ?? 0))) {
    const group =
      (groups[0] as (typeof groups)[0]).bytes <= (groups[1] as (typeof groups)[0]).bytes
        ? groups[0]
        : groups[1];
    group?.lists.push(list);
    if (group) group.bytes += list.size ?? 0;
  }
  const done = [0, 0];
  const url = new URL('./reader-worker.ts', import.meta.url);
  const results = await Promise.all(
    groups.map(
      (group, writer) =>
        new Promise<{ lists: ListReadResult[]; badRows: BadRow[] }>((resolve, reject) => {
          const init: ReaderWorkerInit = {
            lists: group.lists.map((l) => ({
              kind: l.kind,
              name: l.name,
              format: l.format,
              path: l.path as string,
            })),
            key: input.key.toString('base64'),
            dir: work,
            digits,
            writer,
          };
          const worker = startWorker(url, init);
          worker.on('message', (m: ReaderMessage) => {
            if (m.type === 'progress') {
              done[writer] = m.bytes;
              progress({ phase: 'reading', done: (done[0] ?? 0) + (done[1] ?? 0), total: input.totalBytes });
            } else {
              void worker.terminate();
              if (m.type === 'done') resolve(m);
              else reject(new Error(m.message));
            }
          });
          worker.on('error', reject);
        }),
    ),
  );
  return finish(
    results.flatMap((r) => r.lists),
    results.flatMap((r) => r.badRows),
    groups.length,
  );
}

export async function runScreening(options: RunScreeningOptions): Promise<ScreeningSummary> {
  const dir = defaultRulesetsDir(options.rulesetsDir);
  const ruleset = screeningRuleset(loadRulesets(dir), options.ruleset, options.month);
  const { outDir } = options;
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'screening-'));
  const progress = options.onProgress ?? (() => undefined);
  // The classifying threads start first: loading them overlaps the reading.
  const workers = options.workers ?? 2;
  const pool =
    workers > 0
      ? workerPool({ rulesetsDir: dir, ruleset: ruleset.id, month: options.month }, workers)
      : {
          classify: async (paths: string[]) => {
            await new Promise((ok) => setImmediate(ok));
            return screenBundles(readPartition(paths), ruleset, options.month);
          },
          close: async () => undefined,
        };
  try {
    // 1. Read every list into partition files of pseudonymised records.
    const read = await readPhase(options.input, work, workers, progress);
    const { badRows, lists: listResults } = read;
    writeFileSync(join(outDir, OUTPUT_FILES.badRows), badRowsCsv(badRows));

    // 2. The previous run, if any: its findings by key.
    const previous = options.previousDir ? await readPreviousFindings(options.previousDir) : undefined;

    // 3. Classify the partitions, writing each one's results in order as it completes.
    const persons = createWriteStream(join(outDir, OUTPUT_FILES.persons));
    const csv = createWriteStream(join(outDir, OUTPUT_FILES.csv));
    csv.write(`${CSV_BOM}${RESULT_CSV_HEADER.join(',')}\n`);
    const townships = options.byTownship
      ? new TownshipFiles(join(outDir, OUTPUT_FILES.townships))
      : undefined;
    const tally: Tally = {};
    const areaName = (code: string) => ruleset.areas.get(code)?.name;
    const comparison: ComparisonTally | undefined = previous ? {} : undefined;
    const seen = new Set<string>();
    let withFindings = 0;
    const count = (area: string, k: 'new' | 'still-open' | 'resolved') => {
      if (!comparison) return;
      comparison[area] ??= { new: 0, 'still-open': 0, resolved: 0 };
      comparison[area][k]++;
    };
    try {
      const results = Array.from({ length: read.count }, (_, p) => pool.classify(read.paths(p)));
      for (let p = 0; p < results.length; p++) {
        const batch = await (results[p] as Promise<BatchResult>);
        mergeTally(tally, batch.tally);
        let jsonl = '';
        let rows = '';
        for (const person of batch.persons) {
          withFindings++;
          jsonl += personLine(person, previous?.findings, seen);
          const change = (f: Finding) => {
            if (!previous) return undefined;
            return previous.findings.has(findingKey(person.person, f)) ? 'still-open' : 'new';
          };
          if (previous)
            for (const f of person.findings) count(person.area ?? NO_AREA, change(f) as 'new' | 'still-open');
          const personRows = personCsvRows(person, areaName, change);
          rows += personRows;
          townships?.add(person.township ?? NO_AREA, personRows);
        }
        await write(persons, jsonl);
        await write(csv, rows);
        progress({ phase: 'screening', done: p + 1, total: results.length });
      }
    } finally {
      await pool.close();
      townships?.close();
      await closeStream(persons);
      await closeStream(csv);
    }

    // 4. What the previous run found that this one no longer finds.
    if (previous) {
      let resolved = '';
      for (const [key, f] of previous.findings) {
        if (seen.has(key)) continue;
        count(f.area, 'resolved');
        resolved += `${f.line}\n`;
      }
      writeFileSync(join(outDir, OUTPUT_FILES.resolved), resolved);
    }

    const { areas, total } = summaryRows(tally, areaName, comparison);
    const summary: ScreeningSummary = {
      month: options.month,
      ruleset: ruleset.id,
      rulesetHash: ruleset.hash,
      generatedAt: options.generatedAt,
      lists: listResults,
      badRows: badRows.length,
      screened: total.screened,
      withFindings,
      areas,
      total,
      ...(previous
        ? {
            previous: {
              findings: previous.findings.size,
              ...(previous.generatedAt !== undefined ? { generatedAt: previous.generatedAt } : {}),
            },
          }
        : {}),
    };
    writeFileSync(join(outDir, OUTPUT_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(join(outDir, OUTPUT_FILES.summaryCsv), summaryCsv(summary));
    return summary;
  } finally {
    await pool.close();
    rmSync(work, { recursive: true, force: true });
  }
}
