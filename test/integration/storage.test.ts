/**
 * The API on a real DynamoDB-API server (dynalite): audit records are written once and pseudonymised,
 * Idempotency-Key makes retries safe (20 concurrent duplicates → one record), storage down is a 503
 * with Retry-After and leaves nothing behind, and records survive a restart of on-disk storage.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import {
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite } from '../../functions/local/dynalite.ts';
import { type AuditRecord, auditRepository } from '../../functions/store/audit.ts';
import { storeClient } from '../../functions/store/client.ts';
import { ensureTables } from '../../functions/store/ensure-tables.ts';
import { RecordExistsError } from '../../functions/store/errors.ts';
import { AUDIT_TABLE, IDEMPOTENCY_TABLE, tableName } from '../../functions/store/tables.ts';
import {
  type Answer,
  installLogScan,
  invoke,
  loadEvent,
  startTestStore,
  stopTestStore,
  useStore,
  withBody,
} from '../api/support.ts';

installLogScan();

const ID_NUMBER = '620502194001101238';

async function scan(table: typeof AUDIT_TABLE) {
  const out = await storeClient().send(
    new ScanCommand({ TableName: tableName(table), ConsistentRead: true }),
  );
  return out.Items ?? [];
}

function entitlementWithKey(key: string, month = '2020-05') {
  const event = loadEvent('entitlement', 'good');
  event.headers['idempotency-key'] = key;
  const body = JSON.parse(event.body as string);
  body.month = month;
  return withBody(event, body);
}

const calculationIdOf = (a: Answer) =>
  (a.body as { receipt: { calculationId: string } }).receipt.calculationId;

describe('on in-memory dynalite', () => {
  let store: Awaited<ReturnType<typeof startTestStore>>;
  beforeAll(async () => {
    store = await startTestStore();
  });
  afterAll(() => stopTestStore(store));

  it('stores the audit record pseudonymised: no clear ID number anywhere in the table', async () => {
    const answer = await invoke('arrears', loadEvent('arrears', 'good'));
    expect(answer.status).toBe(200);
    const raw = JSON.stringify(await scan(AUDIT_TABLE));
    expect(raw).toContain(calculationIdOf(answer));
    expect(raw).not.toContain(ID_NUMBER);
    expect(raw).toMatch(/hmac-sha256:[0-9a-f]{64}/);
  });

  it('an audit record cannot be overwritten (conditional put)', async () => {
    const answer = await invoke('eligibility', loadEvent('eligibility', 'good'));
    const record = (await auditRepository.get(calculationIdOf(answer))) as AuditRecord;
    await expect(auditRepository.put({ ...record, role: 'policy' })).rejects.toBeInstanceOf(
      RecordExistsError,
    );
    expect((await auditRepository.get(record.calculationId))?.role).toBe('caseworker');
  });

  it('stores the result compressed and reads back exactly what was answered', async () => {
    const answer = await invoke('entitlement', loadEvent('entitlement', 'good'));
    expect(answer.status).toBe(200);
    const id = calculationIdOf(answer);
    const item = (await scan(AUDIT_TABLE)).find((i) => i.calculationId?.S === id);
    const stored = item?.result?.B as Uint8Array;
    expect(stored).toBeInstanceOf(Uint8Array);
    const { receipt, ...result } = answer.body as Record<string, unknown>;
    expect(JSON.parse(inflateRawSync(stored).toString('utf8'))).toEqual(result);
    expect(stored.length).toBeLessThan(Buffer.byteLength(JSON.stringify(result)) / 2);
    const record = await auditRepository.get(id);
    expect(record?.result).toEqual(result);
    expect(record?.receipt).toEqual(receipt);
  });

  it('reads records whose result was stored as JSON text', async () => {
    const answer = await invoke('entitlement', loadEvent('entitlement', 'good'));
    const { receipt, ...result } = answer.body as Record<string, unknown>;
    const record = (await auditRepository.get(calculationIdOf(answer))) as AuditRecord;
    const legacyId = '00000000-0000-4000-8000-000000000001';
    const text = (value: unknown) => ({ S: typeof value === 'string' ? value : JSON.stringify(value) });
    await storeClient().send(
      new PutItemCommand({
        TableName: tableName(AUDIT_TABLE),
        Item: Object.fromEntries(
          Object.entries({ ...record, calculationId: legacyId }).map(([k, v]) => [k, text(v)]),
        ),
      }),
    );
    const legacy = await auditRepository.get(legacyId);
    expect(legacy?.result).toEqual(result);
    expect(legacy?.receipt).toEqual(receipt);
    expect(legacy?.input).toEqual(record.input);
  });

  it('a retried POST with the same Idempotency-Key returns the stored response', async () => {
    const first = await invoke('entitlement', entitlementWithKey('retry-1'));
    const second = await invoke('entitlement', entitlementWithKey('retry-1'));
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    // The idempotency table holds no clear ID number either.
    expect(JSON.stringify(await scan(IDEMPOTENCY_TABLE))).not.toContain(ID_NUMBER);
  });

  it('one key means one record: a retry after a crash between the audit put and the idempotency record finds the first', async () => {
    const known = new Set((await scan(IDEMPOTENCY_TABLE)).map((item) => item.id?.S));
    const first = await invoke('entitlement', entitlementWithKey('crash-1'));
    expect(first.status).toBe(200);
    const before = (await scan(AUDIT_TABLE)).length;
    // What a crash after the audit put leaves behind: the record, but no completed idempotency entry.
    const entries = (await scan(IDEMPOTENCY_TABLE)).filter((item) => !known.has(item.id?.S));
    expect(entries).toHaveLength(1);
    await storeClient().send(
      new DeleteItemCommand({
        TableName: tableName(IDEMPOTENCY_TABLE),
        Key: { id: entries[0]?.id as never },
      }),
    );
    const retry = await invoke('entitlement', entitlementWithKey('crash-1'));
    expect(retry.status).toBe(200);
    expect(calculationIdOf(retry)).toBe(calculationIdOf(first));
    expect(retry.body).toEqual(first.body);
    expect((await scan(AUDIT_TABLE)).length).toBe(before);
  });

  it('the same key with a different body is a 422', async () => {
    expect((await invoke('entitlement', entitlementWithKey('reuse-1', '2020-05'))).status).toBe(200);
    const reused = await invoke('entitlement', entitlementWithKey('reuse-1', '2020-06'));
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ errors: [{ path: 'Idempotency-Key' }] });
  });

  it('a key is scoped to its route and caller', async () => {
    const a = await invoke('entitlement', entitlementWithKey('scope-1'));
    const event = entitlementWithKey('scope-1');
    event.headers.authorization = 'Bearer system-test-key';
    const b = await invoke('entitlement', event);
    expect(b.status).toBe(200);
    expect(calculationIdOf(b)).not.toBe(calculationIdOf(a));
  });

  it('a malformed Idempotency-Key is a 400', async () => {
    const answer = await invoke('entitlement', entitlementWithKey('x'.repeat(201)));
    expect(answer.status).toBe(400);
  });

  it('20 concurrent identical requests produce exactly one audit record', async () => {
    const before = (await scan(AUDIT_TABLE)).length;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => invoke('entitlement', entitlementWithKey('burst-1'))),
    );
    const statuses = answers.map((a) => a.status);
    for (const s of statuses) expect([200, 409]).toContain(s);
    const ok = answers.filter((a) => a.status === 200);
    expect(ok.length).toBeGreaterThan(0);
    expect(new Set(ok.map(calculationIdOf)).size).toBe(1);
    expect((await scan(AUDIT_TABLE)).length).toBe(before + 1);
    // Once the first has finished, a retry of any of them gets the stored answer.
    const retry = await invoke('entitlement', entitlementWithKey('burst-1'));
    expect(calculationIdOf(retry)).toBe(calculationIdOf(ok[0] as Answer));
    const conflict = answers.find((a) => a.status === 409);
    if (conflict) expect(conflict.headers['content-type']).toBe('application/problem+json');
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
