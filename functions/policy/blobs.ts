/**
 * The policy workbench's large payloads (a case set's lines, a report): objects in the
 * POLICY_BUCKET S3 bucket in AWS, files under DATA_DIR/policy locally. Apart from ./store.ts so
 * that only the routes that read or write one load the S3 client.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

let s3: S3Client | undefined;

/** The local folder of blobs (DATA_DIR/policy), used when no POLICY_BUCKET is configured. */
export function localBlobDir(): string {
  return resolve(process.env.DATA_DIR ?? '.data', 'policy');
}

export function localBlobPath(key: string): string {
  if (!/^[a-z0-9-]+(\/[a-z0-9.-]+)*$/.test(key)) throw new Error(`bad blob key ${key}`);
  return join(localBlobDir(), key);
}

/** Stores a blob: an S3 object in POLICY_BUCKET, else a file under DATA_DIR/policy. */
export async function putBlob(key: string, body: string, contentType: string): Promise<void> {
  const bucket = process.env.POLICY_BUCKET;
  if (bucket) {
    s3 ??= new S3Client({});
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    return;
  }
  const path = localBlobPath(key);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, body);
}

export async function getBlob(key: string): Promise<string> {
  const bucket = process.env.POLICY_BUCKET;
  if (bucket) {
    s3 ??= new S3Client({});
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await out.Body?.transformToString('utf8')) ?? '';
  }
  return readFileSync(localBlobPath(key), 'utf8');
}
