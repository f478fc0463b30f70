/**
 * One batch of the batch CLI: JSON Lines in, JSON Lines out, in order. Each non-blank line is a
 * request body of the contract; its answer is the API's response body (receipt included) through
 * the one `calculate` path, or a problem (functions/shared/problem.ts) with the line number added.
 * Runs in a worker thread (assess-worker.ts) or, with --workers 0, in the main thread.
 */
import { randomUUID } from 'node:crypto';
import { CaseShapeError, type RulesetRegistry } from '../../rules/index.ts';
import { type CalculationKind, calculate } from '../shared/calculate.ts';
import { notJsonMessage } from '../shared/field-problems.ts';
import { toProblem } from '../shared/problem.ts';
import { cachedRegistry } from './cached-registry.ts';
import { JsonBytesWriter } from './json-bytes.ts';

export interface BatchOptions {
  readonly kind: CalculationKind;
  /** Ruleset id for lines that name none (`--ruleset`); absent: the latest published. */
  readonly ruleset?: string;
}

export interface BatchResult {
  /** UTF-8 JSON Lines, `length` bytes of it (the buffer may be longer). */
  readonly bytes: Buffer;
  readonly length: number;
  /** Lines answered (blank lines are not answered). */
  readonly answered: number;
  /** Lines answered with a problem. */
  readonly failed: number;
  /** Physical lines read, blank ones included. */
  readonly lines: number;
}

/** "now" as the receipt's calculatedAt (ISO 8601, UTC), formatted once per millisecond. */
let clockMs = -1;
let clockText = '';
function calculatedAt(): string {
  const now = Date.now();
  if (now !== clockMs) {
    clockMs = now;
    clockText = new Date(now).toISOString();
  }
  return clockText;
}

/** A line that is empty or only white space (JSON's four white-space characters). */
function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return false;
  }
  return true;
}

export class BatchProcessor {
  private readonly writer = new JsonBytesWriter();
  private readonly registry: RulesetRegistry;

  constructor(
    private readonly options: BatchOptions,
    registry?: RulesetRegistry,
  ) {
    this.registry = registry ?? cachedRegistry();
    // Checked before any line is read: an unknown --ruleset is a usage error, not a problem per line.
    if (options.ruleset !== undefined) this.registry.get(options.ruleset);
  }

  /**
   * Answers every line of `text` (UTF-8 decoded JSON Lines; the last line may lack its newline).
   * `firstLine` is the 1-based number of its first line in the whole input.
   */
  run(text: string, firstLine: number): BatchResult {
    let answered = 0;
    let failed = 0;
    let lineNumber = firstLine;
    let start = 0;
    // A byte-order mark (Excel's "UTF-8" export) is not part of the first line.
    if (firstLine === 1 && text.charCodeAt(0) === 0xfeff) start = 1;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      if (!isBlank(text, start, end)) {
        answered++;
        if (!this.answer(text.slice(start, end), lineNumber)) failed++;
      }
      start = end + 1;
      lineNumber++;
    }
    const { bytes, length } = this.writer.take();
    return { bytes, length, answered, failed, lines: lineNumber - firstLine };
  }

  /** Takes back the output buffer of an earlier run once the main thread has written it. */
  recycle(output: ArrayBuffer): void {
    this.writer.recycle(output);
  }

  /** Writes the answer to one line; false when it is a problem. */
  private answer(line: string, lineNumber: number): boolean {
    let body: unknown;
    try {
      body = JSON.parse(line);
    } catch (error) {
      this.problem(new CaseShapeError([{ path: '', message: notJsonMessage(error) }]), lineNumber);
      return false;
    }
    if (
      this.options.ruleset !== undefined &&
      body !== null &&
      typeof body === 'object' &&
      !Array.isArray(body) &&
      (body as { ruleset?: unknown }).ruleset === undefined
    ) {
      (body as { ruleset?: string }).ruleset = this.options.ruleset;
    }
    try {
      const response = calculate(this.options.kind, body, this.registry, {
        calculationId: randomUUID(),
        calculatedAt: calculatedAt(),
      });
      this.writer.line(response);
      return true;
    } catch (error) {
      this.problem(error, lineNumber);
      return false;
    }
  }

  private problem(error: unknown, lineNumber: number): void {
    this.writer.raw(`${JSON.stringify({ ...toProblem(error), line: lineNumber })}\n`);
  }
}
