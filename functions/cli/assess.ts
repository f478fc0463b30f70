/**
 * The batch CLI: the engine without HTTP, for bulk work by policy staff and other systems.
 *
 *   npm run assess -- <eligibility|entitlement|arrears> [--ruleset ID] [--workers N] < cases.jsonl > answers.jsonl
 *
 * Reads request bodies of the contract as JSON Lines on stdin and writes the API's response bodies
 * (receipt included) as JSON Lines on stdout, in the same order. A bad line is answered on its own
 * line with a problem (RFC 9457, as the API gives it) plus `"line": n`, and the run goes on. Blank
 * lines are skipped (they are counted in line numbers, but get no answer). Exit status: 0 all lines
 * answered, 1 some line answered with a problem, 2 usage error, 3 the run stopped (I/O or internal).
 *
 * Streaming: the main thread only splits stdin into batches of whole lines and writes answers in
 * order; worker threads (one per core by default) parse, calculate and serialise. At most a few
 * batches per worker are in flight, and reading pauses while stdout is full, so memory stays flat
 * whatever the input size.
 */
import { createReadStream, fstatSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { BatchOptions, BatchResult } from './assess-batch.ts';
import type { BatchMessage, WorkerReply } from './assess-worker.ts';

const KINDS = ['eligibility', 'entitlement', 'arrears'] as const;
type Kind = (typeof KINDS)[number];

const USAGE = `usage: npm run assess -- <eligibility|entitlement|arrears> [options] < cases.jsonl > answers.jsonl

Reads request bodies (the API's case) as JSON Lines on stdin; writes the response bodies, receipt
included, as JSON Lines on stdout in the same order. A bad line gets a problem object with its
"line" number; blank lines are skipped.

options:
  --ruleset ID     ruleset for lines that name none (default: the latest published)
  --workers N      worker threads (default: number of cores; 0 = calculate in the main thread)
  --progress       progress on stderr even when stderr is not a terminal
  --no-progress    no progress, even on a terminal
  -h, --help       this text

exit status: 0 every line answered, 1 some line answered with a problem, 2 usage error, 3 run stopped`;

/** Input bytes per batch: large enough to amortise a message, small enough to keep workers even. */
const DEFAULT_BATCH_BYTES = 256 * 1024;
/** No case is anywhere near this long (the schema caps every list); past it, the input is not cases. */
const MAX_PENDING_BYTES = 64 * 2 ** 20;
/** Batches a worker may hold at once (one running, one queued). */
const IN_FLIGHT_PER_WORKER = 2;

class UsageError extends Error {}

interface Options {
  readonly kind: Kind;
  readonly ruleset?: string;
  readonly workers: number;
  readonly batchBytes: number;
  readonly progress: boolean;
}

function parseOptions(argv: string[]): Options | 'help' {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ruleset: { type: 'string' },
        workers: { type: 'string' },
        'batch-bytes': { type: 'string' },
        progress: { type: 'boolean' },
        'no-progress': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  }
  try {
    parsed = parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'name the calculation'
        : `one calculation only, not ${positionals.join(' ')}`,
    );
  }
  const kind = positionals[0] as Kind;
  if (!KINDS.includes(kind)) throw new UsageError(`unknown calculation "${kind}"`);
  const whole = (text: string | undefined, name: string, fallback: number, min: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < min || text.trim() === '') {
      throw new UsageError(`--${name} must be a whole number ≥ ${min}, not "${text}"`);
    }
    return n;
  };
  if (values.ruleset !== undefined && !/^\d{4}\.\d{1,4}$/.test(values.ruleset)) {
    throw new UsageError(`--ruleset must be a ruleset id YYYY.N, not "${values.ruleset}"`);
  }
  return {
    kind,
    ...(values.ruleset !== undefined ? { ruleset: values.ruleset } : {}),
    workers: whole(values.workers, 'workers', availableParallelism(), 0),
    batchBytes: whole(values['batch-bytes'], 'batch-bytes', DEFAULT_BATCH_BYTES, 1),
    progress: values['no-progress'] ? false : (values.progress ?? process.stderr.isTTY === true),
  };
}

interface Answer {
  readonly output: Buffer;
  readonly answered: number;
  readonly failed: number;
  /** Gives the output's memory back to the worker that wrote it, once written. */
  readonly recycle?: () => void;
}

/** Where batches are answered: worker threads, or the main thread itself (--workers 0). */
interface Engine {
  /** Answers a batch; `done` is called when it is ready (in any order across batches). */
  submit(message: BatchMessage, done: (answer: Answer) => void): void;
  /** True when another batch may be submitted now. */
  hasRoom(): boolean;
  /** Settles once every worker has loaded the rulesets and checked the options (or one failed). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

class Fatal extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * A worker running assess-worker beside this module: the bundled .mjs (functions/cli/run.mjs), or
 * under tsx the .ts source, whose loader a worker does not inherit on Node 20 (tsx issue #354), so
 * the worker registers it first.
 */
function startWorker(batch: BatchOptions): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./assess-worker.mjs', import.meta.url), { workerData: batch });
  }
  const source = new URL('./assess-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: batch });
}

function workerEngine(count: number, batch: BatchOptions, fail: (error: Fatal) => void): Engine {
  const pending = new Map<number, (answer: Answer) => void>();
  let loading = count;
  let loaded: () => void = () => {};
  const ready = new Promise<void>((resolve) => (loaded = resolve));
  const workers = Array.from({ length: count }, () => {
    const worker = startWorker(batch);
    const state = { worker, inFlight: 0 };
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') {
        if (--loading === 0) loaded();
      } else if (reply.type === 'fatal') {
        fail(new Fatal(reply.message, reply.usage ? 2 : 3));
        loaded();
      } else if (reply.type === 'done') {
        state.inFlight--;
        const done = pending.get(reply.seq);
        pending.delete(reply.seq);
        done?.({
          output: Buffer.from(reply.output, 0, reply.length),
          answered: reply.answered,
          failed: reply.failed,
          recycle: () => worker.postMessage({ recycle: reply.output }, [reply.output]),
        });
      }
    });
    worker.on('error', (error) => {
      fail(new Fatal(`a worker failed: ${error.message}`, 3));
      loaded();
    });
    return state;
  });
  return {
    ready,
    submit(message, done) {
      let best = workers[0] as (typeof workers)[number];
      for (const w of workers) if (w.inFlight < best.inFlight) best = w;
      best.inFlight++;
      pending.set(message.seq, done);
      best.worker.postMessage(message, [message.input.buffer as ArrayBuffer]);
    },
    hasRoom: () => workers.some((w) => w.inFlight < IN_FLIGHT_PER_WORKER),
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}

async function inlineEngine(batch: BatchOptions): Promise<Engine> {
  const { BatchProcessor } = await import('./assess-batch.ts');
  let processor: InstanceType<typeof BatchProcessor>;
  try {
    processor = new BatchProcessor(batch);
  } catch (error) {
    const { UnknownRulesetError } = await import('../../rules/index.ts');
    throw new Fatal((error as Error).message, error instanceof UnknownRulesetError ? 2 : 3);
  }
  return {
    submit(message, done) {
      const { input } = message;
      const text = Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
      const result: BatchResult = processor.run(text, message.firstLine);
      done({
        output: result.bytes.subarray(0, result.length),
        answered: result.answered,
        failed: result.failed,
        recycle: () => processor.recycle(result.bytes.buffer as ArrayBuffer),
      });
    },
    hasRoom: () => true,
    ready: Promise.resolve(),
    close: async () => {},
  };
}

/** Counts newline bytes: the main thread numbers lines without decoding them. */
function countLines(bytes: Uint8Array): number {
  let count = 0;
  let at = bytes.indexOf(10);
  while (at !== -1) {
    count++;
    at = bytes.indexOf(10, at + 1);
  }
  return count;
}

/** Joins chunks into one fresh (never pooled, so transferable) buffer. */
function join(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

class Progress {
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private shown = false;

  constructor(
    enabled: boolean,
    private readonly read: () => { answered: number; failed: number },
  ) {
    // Shown only once the run has lasted a second: small inputs stay silent.
    if (enabled) this.timer = setInterval(() => this.show(), 1000).unref();
  }

  private show(): void {
    const { answered, failed } = this.read();
    const seconds = (Date.now() - this.started) / 1000;
    const rate = Math.round(answered / seconds);
    process.stderr.write(
      `\rassess: ${answered.toLocaleString('en')} lines answered, ${failed.toLocaleString('en')} with a problem, ${rate.toLocaleString('en')}/s `,
    );
    this.shown = true;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.shown) {
      this.show();
      process.stderr.write('\n');
    }
  }
}

async function run(options: Options): Promise<number> {
  const batch: BatchOptions = {
    kind: options.kind,
    ...(options.ruleset !== undefined ? { ruleset: options.ruleset } : {}),
  };
  let fatal: Fatal | undefined;
  let wake: (() => void) | undefined;
  const fail = (error: Fatal) => {
    fatal ??= error;
    wake?.();
  };
  const engine =
    options.workers === 0 ? await inlineEngine(batch) : workerEngine(options.workers, batch, fail);

  // Less inlining per optimised function, once every thread has started: each worker compiles the
  // engine afresh, and on two cores that compiling competes with the answering. A third of V8's
  // cumulative budget (920 bytes of bytecode) shortens the 100,000-case run, and the code is as fast
  // once warm (docs/cli.md, "Measured choices"). Not at launch: any changed V8 flag makes V8 refuse
  // Node's code cache for the modules a thread loads after it (more start-up per thread).
  // V8's flags are the process's, so this reaches the worker threads too.
  void engine.ready.then(() => setFlagsFromString('--max-inlined-bytecode-size-cumulative=300'));
  const stdout = process.stdout;
  stdout.on('error', (error) => fail(new Fatal(`cannot write the answers: ${error.message}`, 3)));

  let answered = 0;
  let failed = 0;
  const progress = new Progress(options.progress, () => ({ answered, failed }));

  // Answers may arrive out of order; they are written strictly in input order.
  const ready = new Map<number, Answer>();
  let submitted = 0;
  let written = 0;
  let stdoutFull = false;
  const writeReady = () => {
    for (let answer = ready.get(written); answer !== undefined; answer = ready.get(written)) {
      ready.delete(written);
      written++;
      answered += answer.answered;
      failed += answer.failed;
      if (!stdout.write(answer.output, answer.recycle)) {
        stdoutFull = true;
        stdout.once('drain', () => {
          stdoutFull = false;
          wake?.();
        });
      }
    }
    wake?.();
  };
  const canSubmit = () => engine.hasRoom() && !stdoutFull && submitted - written < 64;
  const waitUntil = async (condition: () => boolean) => {
    while (!condition() && !fatal) await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  };

  let nextLine = 1;
  const submit = async (input: Uint8Array) => {
    await waitUntil(canSubmit);
    if (fatal) return;
    const seq = submitted++;
    const firstLine = nextLine;
    nextLine += countLines(input);
    engine.submit({ seq, firstLine, input }, (answer) => {
      ready.set(seq, answer);
      writeReady();
    });
  };

  if (process.stdin.isTTY)
    process.stderr.write('assess: reading JSON Lines from the terminal; end with Ctrl-D\n');
  // A file is read a batch at a time; anything else through process.stdin (a pipe handed over
  // non-blocking gives EAGAIN to fs reads).
  const input = fstatSync(0).isFile()
    ? createReadStream('', { fd: 0, autoClose: false, highWaterMark: options.batchBytes })
    : process.stdin;
  let chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      if (fatal) break;
      chunks.push(chunk);
      size += chunk.length;
      if (size < options.batchBytes) continue;
      // Inside a very long line: wait for a chunk that ends one rather than joining at every chunk.
      if (chunks.length > 1 && chunk.indexOf(10) === -1) {
        if (size > MAX_PENDING_BYTES) {
          const line = chunks.reduce((n, c) => n + countLines(c), nextLine);
          fail(new Fatal(`line ${line} is longer than ${MAX_PENDING_BYTES / 2 ** 20} MiB`, 3));
          break;
        }
        continue;
      }
      const all = join(chunks, size);
      const cut = all.lastIndexOf(10) + 1;
      if (cut === 0) {
        chunks = [all];
        continue;
      }
      const rest = all.slice(cut);
      chunks = rest.length > 0 ? [rest] : [];
      size = rest.length;
      await submit(all.subarray(0, cut));
    }
  } catch (error) {
    fail(new Fatal(`cannot read the input: ${(error as Error).message}`, 3));
  }
  if (!fatal && size > 0) await submit(join(chunks, size));
  await waitUntil(() => written === submitted);
  // Even with no input, an unknown --ruleset is a usage error, not a silent success.
  await engine.ready;
  progress.stop();
  input.destroy();
  await engine.close();
  if (fatal) throw fatal;
  await new Promise<void>((resolve) => stdout.write('', () => resolve()));
  if (failed > 0) {
    process.stderr.write(
      `assess: ${failed} of ${answered} lines answered with a problem (see the "line" of each)\n`,
    );
    return 1;
  }
  return 0;
}

async function main(): Promise<void> {
  let options: Options | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`assess: ${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  try {
    process.exitCode = await run(options);
  } catch (error) {
    const status = error instanceof Fatal ? error.status : 3;
    process.stderr.write(`assess: ${(error as Error).message}\n`);
    // Workers may still be loading: leave at once.
    process.exit(status);
  }
}

await main();
