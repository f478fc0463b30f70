/**
 * The storage suite again on AWS's DynamoDB Local, and what dynalite cannot show: TTL switched on
 * for the idempotency table, a failed conditional put that hands back the item in the way
 * (Powertools' idempotency layer relies on it), and an expired idempotency record that DynamoDB
 * has not yet deleted treated as gone without a second audit record.
 */
import {
  DescribeTimeToLiveCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { storeClient } from '../../functions/store/client.ts';
import { ensureTables } from '../../functions/store/ensure-tables.ts';
import { AUDIT_TABLE, IDEMPOTENCY_TABLE, tableName } from '../../functions/store/tables.ts';
import { installLogScan, invoke, useStore } from '../api/support.ts';
import { startDynamoDBLocal } from './dynamodb-local.ts';
import { storageSuite } from './storage-suite.ts';
import { calculationIdOf, entitlementWithKey, scan } from './storage-support.ts';

installLogScan();

/** Answers a keyed request; returns the answer and the idempotency item it left (its id is a hash of the key). */
async function keyedEntitlement(key: string) {
  const known = new Set((await scan(IDEMPOTENCY_TABLE)).map((item) => item.id?.S));
  const answer = await invoke('entitlement', entitlementWithKey(key));
  expect(answer.status).toBe(200);
  const entries = (await scan(IDEMPOTENCY_TABLE)).filter((item) => !known.has(item.id?.S));
  expect(entries).toHaveLength(1);
  return { answer, entry: entries[0] };
}

describe('on DynamoDB Local', { timeout: 120_000 }, () => {
  storageSuite(async () => {
    const server = await startDynamoDBLocal();
    useStore(server.endpoint);
    await ensureTables(storeClient());
    return server;
  });

  it('has TTL on the idempotency table, where ensureTables switched it on', async () => {
    const out = await storeClient().send(
      new DescribeTimeToLiveCommand({ TableName: tableName(IDEMPOTENCY_TABLE) }),
    );
    expect(out.TimeToLiveDescription).toEqual({
      AttributeName: IDEMPOTENCY_TABLE.timeToLiveAttribute,
      TimeToLiveStatus: 'ENABLED',
    });
  });

  it('a failed conditional put hands back the item that blocked it', async () => {
    const { entry } = await keyedEntitlement('aws-old-1');
    const put = storeClient().send(
      new PutItemCommand({
        TableName: tableName(IDEMPOTENCY_TABLE),
        Item: { id: entry?.id as never, status: { S: 'INPROGRESS' } },
        ConditionExpression: 'attribute_not_exists(id)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    await expect(put).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
      Item: { status: { S: 'COMPLETED' } },
    });
  });

  it('an expired idempotency record not yet deleted is treated as gone: the retry finds the first audit record', async () => {
    const { answer: first, entry } = await keyedEntitlement('aws-expired-1');
    const auditBefore = (await scan(AUDIT_TABLE)).length;
    await storeClient().send(
      new UpdateItemCommand({
        TableName: tableName(IDEMPOTENCY_TABLE),
        Key: { id: entry?.id as never },
        UpdateExpression: 'SET #e = :past',
        ExpressionAttributeNames: { '#e': 'expiration' },
        ExpressionAttributeValues: { ':past': { N: String(Math.floor(Date.now() / 1000) - 60) } },
      }),
    );
    const retry = await invoke('entitlement', entitlementWithKey('aws-expired-1'));
    expect(retry.status).toBe(200);
    expect(calculationIdOf(retry)).toBe(calculationIdOf(first));
    expect((await scan(AUDIT_TABLE)).length).toBe(auditBefore);
    const refreshed = await storeClient().send(
      new ScanCommand({ TableName: tableName(IDEMPOTENCY_TABLE), ConsistentRead: true }),
    );
    const expiry = refreshed.Items?.find((i) => i.id?.S === entry?.id?.S)?.expiration?.N;
    expect(Number(expiry)).toBeGreaterThan(Date.now() / 1000);
  });
});
