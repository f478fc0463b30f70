/**
 * Records spread over partition files by the leading hex digits of their person key, so that each
 * partition holds every record of its persons and can be bundled and classified alone, in bounded
 * memory. Partitions cover consecutive key ranges: taken in order, their sorted bundles are the
 * bundles of the whole run sorted by key, whatever the number of partitions.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { bundleRecords } from './batch.ts';
import type { Bundle } from './classify.ts';
import type { ScreeningRecord } from './lists.ts';

/** Where the hex digest starts in a pseudonym: "hmac-sha256:". */
const DIGEST_AT = 'hmac-sha256:'.length;
const FLUSH_CHARS = 1 << 18;

/** 16 partitions, or 256 for inputs over 200 MB (about 2.5 million rows). */
export function partitionDigits(totalBytes: number): 1 | 2 {
  return totalBytes > 200_000_000 ? 2 : 1;
}

function partitionOf(person: string, digits: 1 | 2): number {
  return Number.parseInt(person.slice(DIGEST_AT, DIGEST_AT + digits), 16);
}

export class PartitionWriter {
  readonly count: number;
  private readonly fds: number[] = [];
  private readonly buffers: string[];

  /** `writer` names this writer's files when several write partitions of one run at once. */
  constructor(
    readonly dir: string,
    readonly digits: 1 | 2,
    readonly writer = 0,
  ) {
    this.count = 16 ** digits;
    this.buffers = Array.from({ length: this.count }, () => '');
  }

  path(partition: number): string {
    return partitionPath(this.dir, partition, this.writer);
  }

  add(record: ScreeningRecord): void {
    const p = partitionOf(record.person, this.digits);
    this.buffers[p] += `${JSON.stringify(record)}\n`;
    if ((this.buffers[p] as string).length > FLUSH_CHARS) this.flush(p);
  }

  private flush(p: number): void {
    this.fds[p] ??= openSync(this.path(p), 'a');
    writeSync(this.fds[p], this.buffers[p] as string);
    this.buffers[p] = '';
  }

  /** Writes what is buffered and closes every file; a partition with no record has an empty file. */
  close(): void {
    for (let p = 0; p < this.count; p++) {
      this.flush(p);
      closeSync(this.fds[p] as number);
    }
  }
}

export function partitionPath(dir: string, partition: number, writer: number): string {
  return join(dir, `part-${String(partition).padStart(3, '0')}-${writer}.jsonl`);
}

/** A partition's bundles, sorted by person key, from the files every writer wrote for it. */
export function readPartition(paths: readonly string[]): Bundle[] {
  const records: ScreeningRecord[] = [];
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    let start = 0;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', start)) {
      records.push(JSON.parse(text.slice(start, at)) as ScreeningRecord);
      start = at + 1;
    }
  }
  return bundleRecords(records);
}
