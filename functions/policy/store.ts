/**
 * Where the policy workbench keeps its things: drafts, case sets and simulations as items of the
 * policy table (functions/store/tables.ts). Their large payloads are blobs (./blobs.ts), apart so
 * that the routes that never touch one (the drafts) do not load the S3 client at a cold start.
 */
import { randomUUID } from 'node:crypto';
import { GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { fromAttributes, storeClient, toAttributes } from '../store/client.ts';
import { isUnavailable, StorageUnavailableError } from '../store/errors.ts';
import { POLICY_TABLE, tableName } from '../store/tables.ts';

export type PolicyKind = 'draft' | 'case-set' | 'simulation' | 'screening';

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
    await storeClient().send(
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
    const out = await storeClient().send(
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
    await storeClient().send(
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
