/**
 * The last step of a Step Functions replay: reads what the Distributed Map's ResultWriter wrote (a
 * manifest, then files of child results), folds every batch's aggregates with the CLI's
 * `mergeAggregates`, and writes report.json (the CLI's `buildReport`) beside the run.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { emptyAggregates, mergeAggregates } from '../policy/replay.ts';
import { buildReport, reportMeta } from '../policy/report.ts';
import type { BatchOutput } from './handler.ts';
import { type ReplaySpec, rulesetsFor } from './spec.ts';

export interface SummariseEvent {
  readonly spec: ReplaySpec;
  readonly casesKey: string;
  /** The Map state's `ResultWriterDetails`. */
  readonly resultWriterDetails: { readonly Bucket: string; readonly Key: string };
}

interface Manifest {
  readonly ResultFiles: Partial<Record<'SUCCEEDED' | 'FAILED' | 'PENDING', readonly { Key: string }[]>>;
}

interface ChildResult {
  readonly Status?: string;
  readonly Output?: string;
}

let s3: S3Client | undefined;

async function readJson<T>(bucket: string, key: string): Promise<T> {
  s3 ??= new S3Client({});
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse(await (out.Body as { transformToString(): Promise<string> }).transformToString()) as T;
}

export const handler = async (event: SummariseEvent) => {
  const { Bucket: bucket, Key: manifestKey } = event.resultWriterDetails;
  const manifest = await readJson<Manifest>(bucket, manifestKey);
  const total = emptyAggregates();
  let batches = 0;
  for (const file of manifest.ResultFiles.SUCCEEDED ?? []) {
    for (const child of await readJson<ChildResult[]>(bucket, file.Key)) {
      if (!child.Output) continue;
      mergeAggregates(total, (JSON.parse(child.Output) as BatchOutput).aggregates);
      batches++;
    }
  }
  let failedBatches = 0;
  for (const file of manifest.ResultFiles.FAILED ?? []) {
    failedBatches += (await readJson<ChildResult[]>(bucket, file.Key)).length;
  }

  const { baseline, candidate, spec } = rulesetsFor(event.spec);
  const report = buildReport(
    total,
    reportMeta(baseline, candidate, spec, {
      month: event.spec.month,
      caseSet: `s3://${bucket}/${event.casesKey}`,
      generatedAt: new Date().toISOString(),
    }),
    baseline,
  );
  const reportKey = `${event.spec.resultsPrefix}/report.json`;
  s3 ??= new S3Client({});
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: reportKey,
      Body: `${JSON.stringify({ ...report, failedBatches }, null, 2)}\n`,
      ContentType: 'application/json',
    }),
  );
  return {
    reportKey,
    batches,
    failedBatches,
    cases: total.cases,
    changed: total.changed,
    errors: total.errors,
  };
};
