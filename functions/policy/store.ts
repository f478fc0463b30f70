/**
 * Where the policy workbench keeps its things: drafts, case sets and simulations as items of the
 * policy table (functions/store/tables.ts), and the large payloads (a case set's lines, a report) as
 * blobs: files under DATA_DIR/policy locally, objects in the POLICY_BUCKET S3 bucket in AWS.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fromAttributes, storeClients, toAttributes } from '../store/client.ts';
import { isUnavailable, StorageUnavailableError } from '../store/errors.ts';
import { POLICY_TABLE, tableName } from '../store/tables.ts';

export type PolicyKind = 'draft' | 'case-set' | 'simulation';

export interface PolicyItem {
  readonly id: string;
  readonly kind: PolicyKind;
  readonly createdAt: string;
  readonly principalId: string;
  readonly [field: string]: unknown;
}

/** The id of a new draft, case set or simulation. */
export function newId(): string {
  return randomUUID();
}

async function guarded<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isUnavailable(error)) throw new StorageUnavailableError(what, { cause: error });
    throw error;
  }
}

// Plain functions rather than methods of one repository object, so that a bundle keeps only the ones
// its route calls: drafts-create, which must also carry the YAML parser, sits just under 300 KB.

/** Stores a new item; never overwrites one. */
export function putPolicyItem(item: PolicyItem): Promise<void> {
  return guarded('policy put', async () => {
    await storeClients().raw.send(
      new PutItemCommand({
        TableName: tableName(POLICY_TABLE),
        Item: toAttributes(item),
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
  });
}

/** The item with this id, if it exists and is of this kind. */
export function getPolicyItem(id: string, kind: PolicyKind): Promise<PolicyItem | undefined> {
  return guarded('policy get', async () => {
    const out = await storeClients().raw.send(
      new GetItemCommand({
        TableName: tableName(POLICY_TABLE),
        Key: { id: { S: id } },
        ConsistentRead: true,
      }),
    );
    const item = out.Item && (fromAttributes(out.Item) as PolicyItem);
    return item?.kind === kind ? item : undefined;
  });
}

/** Sets fields of a simulation (status, progress, report keys). */
export function updatePolicyItem(id: string, fields: Record<string, unknown>): Promise<void> {
  const names = Object.keys(fields);
  return guarded('policy update', async () => {
    await storeClients().raw.send(
      new UpdateItemCommand({
        TableName: tableName(POLICY_TABLE),
        Key: { id: { S: id } },
        UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
        ExpressionAttributeValues: toAttributes(
          Object.fromEntries(names.map((n, i) => [`:v${i}`, fields[n]])),
        ),
        ConditionExpression: 'attribute_exists(id)',
      }),
    );
  });
}

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
