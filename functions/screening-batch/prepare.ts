/**
 * The first step of a Step Functions screening: reads the lists from the lists bucket (streaming,
 * as the CLI reads files: UTF-8 or GBK, bad rows reported by file and line), and writes the bundle
 * file the Distributed Map iterates over, with the lists' reading results, to the results bucket.
 * Nothing it writes holds an ID number: records carry the keyed pseudonym.
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { writeBundleFile } from '../screening/bundle-file.ts';
import { badRowsCsv } from '../screening/output.ts';
import { formatOf, type ListInput } from '../screening/read-list.ts';
import { loadPseudonymKey, prefetchPseudonymKey } from '../shared/pseudonym.ts';
import { resultWriter } from './results.ts';
import { rulesetFor, type ScreeningExecution } from './spec.ts';

prefetchPseudonymKey();

let s3: S3Client | undefined;

export interface PrepareEvent extends ScreeningExecution {
  readonly resultsPrefix: string;
}

export const handler = async (event: PrepareEvent) => {
  s3 ??= new S3Client({});
  const client = s3;
  const listsBucket = process.env.LISTS_BUCKET as string;
  const resultsBucket = process.env.RESULTS_BUCKET as string;
  const ruleset = rulesetFor(event); // refuses an unknown ruleset or a month not covered, before reading
  const key = await loadPseudonymKey();
  const lists: ListInput[] = [];
  for (const list of event.lists) {
    const head = await client.send(new HeadObjectCommand({ Bucket: listsBucket, Key: list.key }));
    lists.push({
      kind: list.kind,
      name: basename(list.key),
      format: formatOf(list.key),
      size: head.ContentLength ?? 0,
      // Read twice (the encoding check, then the rows), each time as a stream.
      bytes: async function* () {
        const out = await client.send(new GetObjectCommand({ Bucket: listsBucket, Key: list.key }));
        yield* out.Body as Readable;
      },
    });
  }
  const work = mkdtempSync(join(tmpdir(), 'screening-prepare-'));
  try {
    const file = await writeBundleFile(lists, key, work);
    const bundlesKey = `${event.resultsPrefix}/bundles.jsonl`;
    await client.send(
      new PutObjectCommand({
        Bucket: resultsBucket,
        Key: bundlesKey,
        Body: createReadStream(file.path),
        ContentLength: statSync(file.path).size,
        ContentType: 'application/x-ndjson',
      }),
    );
    const put = resultWriter(client, resultsBucket, event.resultsPrefix);
    await put(
      'lists.json',
      JSON.stringify({ lists: file.lists, badRows: file.badRows.length }),
      'application/json',
    );
    await put('bad-rows.csv', badRowsCsv(file.badRows), 'text/csv; charset=utf-8');
    return { bundlesKey, bundles: file.bundles, ruleset: ruleset.id, badRows: file.badRows.length };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
};
