/**
 * The last step of a Step Functions screening: reads what the Distributed Map's ResultWriter wrote
 * (a manifest, then files of child results), folds every batch's tally with the local run's
 * `mergeTally`, and writes summary.json and summary.csv (the weekly dispatch table) beside the run.
 * The persons are the batches' parts under persons/, in item order.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mergeTally, type Tally } from '../screening/batch.ts';
import { type ScreeningSummary, summaryCsv, summaryRows } from '../screening/output.ts';
import type { ListReadResult } from '../screening/read-list.ts';
import type { ScreeningBatchOutput } from './handler.ts';
import { resultWriter } from './results.ts';
import { rulesetFor } from './spec.ts';

export interface ScreeningSummariseEvent {
  readonly month: string;
  readonly ruleset?: string;
  readonly resultsPrefix: string;
  /** The Map state's `ResultWriterDetails`. */
  readonly resultWriterDetails: { readonly Bucket: string; readonly Key: string };
}

interface Manifest {
  readonly ResultFiles: Partial<Record<'SUCCEEDED' | 'FAILED' | 'PENDING', readonly { Key: string }[]>>;
}

let s3: S3Client | undefined;

async function readText(bucket: string, key: string): Promise<string> {
  s3 ??= new S3Client({});
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (out.Body as { transformToString(): Promise<string> }).transformToString();
}

export const handler = async (event: ScreeningSummariseEvent) => {
  const { Bucket: bucket, Key: manifestKey } = event.resultWriterDetails;
  const manifest = JSON.parse(await readText(bucket, manifestKey)) as Manifest;
  const tally: Tally = {};
  let batches = 0;
  let withFindings = 0;
  for (const file of manifest.ResultFiles.SUCCEEDED ?? []) {
    for (const child of JSON.parse(await readText(bucket, file.Key)) as { Output?: string }[]) {
      if (!child.Output) continue;
      const output = JSON.parse(child.Output) as ScreeningBatchOutput;
      mergeTally(tally, output.tally);
      batches++;
      withFindings += output.withFindings;
    }
  }
  let failedBatches = 0;
  for (const file of manifest.ResultFiles.FAILED ?? []) {
    failedBatches += (JSON.parse(await readText(bucket, file.Key)) as unknown[]).length;
  }
  const read = JSON.parse(await readText(bucket, `${event.resultsPrefix}/lists.json`)) as {
    lists: ListReadResult[];
    badRows: number;
  };
  const ruleset = rulesetFor(event);
  const { areas, total } = summaryRows(tally, (code) => ruleset.areas.get(code)?.name);
  const summary: ScreeningSummary = {
    month: event.month,
    ruleset: ruleset.id,
    rulesetHash: ruleset.hash,
    generatedAt: new Date().toISOString(),
    lists: read.lists,
    badRows: read.badRows,
    screened: total.screened,
    withFindings,
    areas,
    total,
  };
  s3 ??= new S3Client({});
  const put = resultWriter(s3, bucket, event.resultsPrefix);
  await put(
    'summary.json',
    `${JSON.stringify({ ...summary, failedBatches }, null, 2)}\n`,
    'application/json',
  );
  await put('summary.csv', summaryCsv(summary), 'text/csv; charset=utf-8');
  return {
    summaryKey: `${event.resultsPrefix}/summary.json`,
    batches,
    failedBatches,
    screened: total.screened,
  };
};
