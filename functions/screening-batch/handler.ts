/**
 * One child batch of the Step Functions Distributed Map screening: the bundles of the bundle file
 * (./prepare.ts), each `{ index, bundle }` numbered by the map's item index, classified by the very
 * function the local run's threads call (functions/screening/batch.ts `screenBundles`). The persons
 * with findings go to S3 beside the run, as one JSON Lines part per batch named by its first index;
 * the tally per area and class is the result the map's ResultWriter collects.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { screenBundles, type Tally } from '../screening/batch.ts';
import type { Bundle, PersonResult } from '../screening/classify.ts';
import { rulesetFor, type ScreeningBatchSpec } from './spec.ts';

export interface ScreeningBatchEvent {
  readonly Items: readonly { readonly index: number; readonly bundle: Bundle }[];
  readonly BatchInput: ScreeningBatchSpec;
}

export interface ScreeningBatchOutput {
  readonly firstIndex: number;
  readonly bundles: number;
  /** Persons with at least one finding. */
  readonly withFindings: number;
  readonly tally: Tally;
  /** S3 key of this batch's persons with findings, when some have (and a results bucket is set). */
  readonly personsKey?: string;
  /** The persons themselves when there is no results bucket (a run outside AWS, the tests). */
  readonly persons?: readonly PersonResult[];
}

let s3: S3Client | undefined;

export const handler = async (event: ScreeningBatchEvent): Promise<ScreeningBatchOutput> => {
  const spec = event.BatchInput;
  const { persons, tally } = screenBundles(
    event.Items.map((item) => item.bundle),
    rulesetFor(spec),
    spec.month,
  );
  const firstIndex = event.Items[0]?.index ?? 0;
  const out = { firstIndex, bundles: event.Items.length, withFindings: persons.length, tally };
  const bucket = process.env.RESULTS_BUCKET;
  if (!bucket) return { ...out, persons };
  if (persons.length === 0) return out;
  const personsKey = `${spec.resultsPrefix}/persons/${String(firstIndex).padStart(10, '0')}.jsonl`;
  s3 ??= new S3Client({});
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: personsKey,
      Body: persons.map((p) => `${JSON.stringify(p)}\n`).join(''),
      ContentType: 'application/x-ndjson',
    }),
  );
  return { ...out, personsKey };
};
