/**
 * One child batch of the Step Functions Distributed Map replay: the items of a JSON Lines case file
 * (each `{ line, case }`, numbered by the map's item index) are replayed by the very function the
 * CLI runs per batch (functions/policy/batch-parse.ts `replayRawLines`). The changed-case CSV rows
 * go to S3 beside the run; the mergeable aggregates are the result the map's ResultWriter collects.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { replayRawLines } from '../policy/batch-parse.ts';
import type { Aggregates } from '../policy/replay.ts';
import { type ReplaySpec, rulesetsFor } from './spec.ts';

export interface BatchEvent {
  readonly Items: readonly { readonly line: number; readonly case: unknown }[];
  readonly BatchInput: ReplaySpec;
}

export interface BatchOutput {
  readonly firstLine: number;
  readonly lines: number;
  readonly aggregates: Aggregates;
  /** S3 key of this batch's changed-case rows, when some changed. */
  readonly changesKey?: string;
}

let s3: S3Client | undefined;

export const handler = async (event: BatchEvent): Promise<BatchOutput> => {
  const spec = event.BatchInput;
  const { baseline, candidate } = rulesetsFor(spec);
  // Back to the raw-line form the CLI batches are in, so both share one parse-and-replay path.
  const lines = event.Items.map((item) => [item.line, JSON.stringify(item.case)] as const);
  const { aggregates, rows } = replayRawLines(lines, { kind: 'jsonl' }, baseline, candidate, {
    ...(spec.month !== undefined ? { month: spec.month } : {}),
  });
  const firstLine = event.Items[0]?.line ?? 0;
  const bucket = process.env.RESULTS_BUCKET;
  let changesKey: string | undefined;
  if (rows && bucket) {
    changesKey = `${spec.resultsPrefix}/changes/${String(firstLine).padStart(10, '0')}.csv`;
    s3 ??= new S3Client({});
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: changesKey, Body: rows, ContentType: 'text/csv' }),
    );
  }
  return { firstLine, lines: event.Items.length, aggregates, ...(changesKey ? { changesKey } : {}) };
};
