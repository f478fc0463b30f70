/**
 * The storage behaviour every DynamoDB-API server must give the service, run on dynalite
 * (storage.test.ts) and on AWS's DynamoDB Local (dynamodb-local.test.ts): audit records written
 * once and pseudonymised, stored compressed, Idempotency-Key retries answered from the store
 * (20 concurrent duplicates → one record), one key one record after a crash.
 */
import { inflateRawSync } from 'node:zlib';
import { DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AuditRecord, auditRepository } from '../../functions/store/audit.ts';
import { storeClient } from '../../functions/store/client.ts';
import { RecordExistsError } from '../../functions/store/errors.ts';
import { AUDIT_TABLE, IDEMPOTENCY_TABLE, tableName } from '../../functions/store/tables.ts';
import { type Answer, invoke, loadEvent, stopTestStore } from '../api/support.ts';
import { calculationIdOf, entitlementWithKey, ID_NUMBER, scan } from './storage-support.ts';

/** Registers the suite's tests in the calling describe block, on the store `start` gives. */
export function storageSuite(start: () => Promise<{ close(): Promise<void> }>): void {
  let store: { close(): Promise<void> };
  // The first start may fetch and unpack DynamoDB Local (dynamodb-local.ts): more than the 10 s default.
  beforeAll(async () => {
    store = await start();
  }, 120_000);
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
}
