/**
 * The lists of a screening as one JSON Lines file of bundles (one person's records a line, ordered by
 * person key): what the Step Functions Distributed Map iterates over (infra/stacks/screening-stack.ts).
 * Built by the same reading and partitioning as the local run, so the map's batches classify exactly
 * the bundles the local run classifies.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { BadRow } from './lists.ts';
import { readPartition } from './partitions.ts';
import type { ListInput, ListReadResult } from './read-list.ts';
import { readPhase } from './run-screening.ts';

export interface BundleFile {
  readonly path: string;
  readonly bundles: number;
  readonly lists: readonly ListReadResult[];
  readonly badRows: readonly BadRow[];
}

export async function writeBundleFile(
  lists: readonly ListInput[],
  key: Buffer,
  work: string,
): Promise<BundleFile> {
  const totalBytes = lists.reduce((n, l) => n + (l.size ?? 0), 0);
  const read = await readPhase({ lists, totalBytes, key }, work, 0, () => undefined);
  const path = join(work, 'bundles.jsonl');
  const fd = openSync(path, 'w');
  let bundles = 0;
  try {
    for (let p = 0; p < read.count; p++) {
      let text = '';
      for (const bundle of readPartition(read.paths(p))) {
        text += `${JSON.stringify(bundle)}\n`;
        bundles++;
      }
      writeSync(fd, text);
    }
  } finally {
    closeSync(fd);
  }
  return { path, bundles, lists: read.lists, badRows: read.badRows };
}
