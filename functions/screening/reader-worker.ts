/**
 * A worker thread of the local screening's first phase: reads whole list files (./read-list.ts)
 * into its own set of partition files, so that two cores read at once (parsing, checking and
 * pseudonymising every row is most of a screening's work after the engine's).
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { BadRow, ListKind } from './lists.ts';
import { PartitionWriter } from './partitions.ts';
import { type ListFormat, type ListReadResult, readList } from './read-list.ts';

export interface ReaderWorkerInit {
  readonly lists: readonly { kind: ListKind; name: string; format: ListFormat; path: string }[];
  /** The pseudonymisation key, base64. */
  readonly key: string;
  readonly dir: string;
  readonly digits: 1 | 2;
  readonly writer: number;
}

export type ReaderMessage =
  | { readonly type: 'progress'; readonly bytes: number }
  | { readonly type: 'done'; readonly lists: ListReadResult[]; readonly badRows: BadRow[] }
  | { readonly type: 'error'; readonly message: string };

const init = workerData as ReaderWorkerInit;

async function run(): Promise<void> {
  const key = Buffer.from(init.key, 'base64');
  const partitions = new PartitionWriter(init.dir, init.digits, init.writer);
  const lists: ListReadResult[] = [];
  const badRows: BadRow[] = [];
  let before = 0;
  let reported = 0;
  for (const list of init.lists) {
    let size = 0;
    const result = await readList(
      { ...list, bytes: () => createReadStream(list.path, { highWaterMark: 1 << 20 }) },
      key,
      {
        record: (r) => partitions.add(r),
        bad: (b) => badRows.push(b),
        progress: (bytes) => {
          size = bytes;
          if (before + bytes - reported >= 1 << 22) {
            reported = before + bytes;
            parentPort?.postMessage({ type: 'progress', bytes: reported } satisfies ReaderMessage);
          }
        },
      },
    );
    before += size;
    lists.push(result);
  }
  partitions.close();
  parentPort?.postMessage({ type: 'progress', bytes: before } satisfies ReaderMessage);
  parentPort?.postMessage({ type: 'done', lists, badRows } satisfies ReaderMessage);
}

run().catch((error: unknown) =>
  parentPort?.postMessage({ type: 'error', message: (error as Error).message } satisfies ReaderMessage),
);
