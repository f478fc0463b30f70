/**
 * The API on a real DynamoDB-API server (dynalite): the storage suite (storage-suite.ts), then what
 * only a server the test can stop gives: storage down is a 503 with Retry-After and leaves nothing
 * behind, and records survive a restart of on-disk storage.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite } from '../../functions/local/dynalite.ts';
import { storeClient } from '../../functions/store/client.ts';
import { ensureTables } from '../../functions/store/ensure-tables.ts';
import { AUDIT_TABLE, IDEMPOTENCY_TABLE, tableName } from '../../functions/store/tables.ts';
import {
  installLogScan,
  invoke,
  loadEvent,
  startTestStore,
  stopTestStore,
  type TestStore,
  useStore,
} from '../api/support.ts';
import { storageSuite } from './storage-suite.ts';
import { calculationIdOf, entitlementWithKey, scan } from './storage-support.ts';

installLogScan();

describe('on in-memory dynalite', () => storageSuite(() => startTestStore()));

/**
 * Storage that fails at one moment of one request, on a real store: the client's next GetItem on the
 * idempotency table (Powertools reads the record in the way when dynalite, unlike DynamoDB, does not
 * hand it back with the failed put) fails as `fault` says.
 */
function failNextIdempotencyRead(fault: 'connection-reset' | 'record-gone'): void {
  storeClient().middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TableName?: string };
      if (context.commandName !== 'GetItemCommand' || input.TableName !== tableName(IDEMPOTENCY_TABLE)) {
        return next(args);
      }
      storeClient().middlewareStack.remove('fault');
      if (fault === 'record-gone') return { output: { $metadata: {} }, response: {} } as never;
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    },
    { step: 'initialize', name: 'fault' },
  );
}

describe('a retry whose idempotency check meets a fault', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore();
  });
  afterAll(() => stopTestStore(store));

  it('storage lost while reading the record in the way: 503 with Retry-After, and the next retry gets the stored answer', async () => {
    const first = await invoke('entitlement', entitlementWithKey('fault-1'));
    expect(first.status).toBe(200);
    failNextIdempotencyRead('connection-reset');
    const cut = await invoke('entitlement', entitlementWithKey('fault-1'));
    expect(cut.status).toBe(503);
    expect(cut.headers['retry-after']).toMatch(/^\d+$/);
    const retry = await invoke('entitlement', entitlementWithKey('fault-1'));
    expect(retry.status).toBe(200);
    expect(calculationIdOf(retry)).toBe(calculationIdOf(first));
  });

  it('the record in the way gone before it is read (its request failed and released it): 409, retry shortly', async () => {
    expect((await invoke('entitlement', entitlementWithKey('fault-2'))).status).toBe(200);
    failNextIdempotencyRead('record-gone');
    const raced = await invoke('entitlement', entitlementWithKey('fault-2'));
    expect(raced.status).toBe(409);
    expect(raced.body).toMatchObject({ type: expect.stringContaining('request-in-progress') });
  });
});

describe('storage down', () => {
  it('answers 503 with Retry-After, writes nothing, and recovers when storage is back', async () => {
    const store = await startTestStore();
    const port = store.port;
    const count = (await scan(AUDIT_TABLE)).length;
    await stopTestStore(store);

    for (const event of [loadEvent('entitlement', 'good'), entitlementWithKey('down-1')]) {
      const answer = await invoke('entitlement', event);
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toMatch(/^\d+$/);
      expect(answer.text).not.toMatch(/ECONNREFUSED|dynalite|127\.0\.0\.1|stack/i);
    }
    const get = loadEvent('calculation-get', 'unknown');
    expect((await invoke('calculation-get', get)).status).toBe(503);

    // The same (in-memory) store cannot come back, so a fresh one on the same port: empty, no partial record.
    const again = await startDynalite({ mode: 'in-process', port });
    useStore(again.endpoint);
    try {
      await ensureTables(storeClient());
      expect(count).toBeGreaterThanOrEqual(0);
      expect(await scan(AUDIT_TABLE)).toEqual([]);
      expect((await invoke('entitlement', entitlementWithKey('down-1'))).status).toBe(200);
    } finally {
      await stopTestStore(again);
    }
  });
});

describe('ensureTables', () => {
  it('returns once every table is ACTIVE, on a server that keeps new tables CREATING for a while', async () => {
    const server = (createRequire(import.meta.url)('dynalite') as (o: object) => Server)({
      createTableMs: 400,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const created = await ensureTables(client, [AUDIT_TABLE, IDEMPOTENCY_TABLE]);
      expect(created).toEqual([tableName(AUDIT_TABLE), tableName(IDEMPOTENCY_TABLE)]);
      for (const name of created) {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
        expect(Table?.TableStatus).toBe('ACTIVE');
      }
      // Nothing left to create: the tables are there and ACTIVE.
      expect(await ensureTables(client, [AUDIT_TABLE])).toEqual([]);
    } finally {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('on-disk storage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pension-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps earlier audit records across a restart', async () => {
    const first = await startTestStore(dir);
    const answer = await invoke('arrears', loadEvent('arrears', 'good'));
    expect(answer.status).toBe(200);
    await stopTestStore(first);

    const second = await startTestStore(dir);
    try {
      const get = loadEvent('calculation-get', 'good');
      get.pathParameters = { calculationId: calculationIdOf(answer) };
      const stored = await invoke('calculation-get', get);
      expect(stored.status).toBe(200);
      expect(stored.body).toMatchObject({ kind: 'arrears', calculationId: calculationIdOf(answer) });
    } finally {
      await stopTestStore(second);
    }
  });
});
