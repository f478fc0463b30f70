/**
 * `npm start`'s server, started in-process as other tests start it: real HTTP on a free port, a real
 * dynalite child process persisting under a temporary DATA_DIR, keys generated once with mode 0600.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalServer } from '../../functions/local/server.ts';
import { installLogScan } from '../api/support.ts';

installLogScan();

const dataDir = mkdtempSync(join(tmpdir(), 'pension-local-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const CASE = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../events/apigw-http/entitlement/good.json'), 'utf8'),
).body as string;

describe('startLocalServer', () => {
  it('serves the API over HTTP, keeps audit records across a restart, and stops its storage', async () => {
    const saved = process.env.LOCAL_API_KEYS;
    delete process.env.LOCAL_API_KEYS;
    const server = await startLocalServer({ port: 0, dataDir });
    let calculationId: string;
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const keysFile = join(dataDir, 'local-api-keys.json');
      expect(server.keysSource).toBe(keysFile);
      expect(statSync(keysFile).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, 'pseudonym.key')).mode & 0o777).toBe(0o600);

      const auth = { authorization: `Bearer ${server.keys.caseworker}` };
      const post = await fetch(`${server.url}/v1/entitlement`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: CASE,
      });
      expect(post.status).toBe(200);
      expect(post.headers.get('x-request-id')).toBeTruthy();
      calculationId = ((await post.json()) as { receipt: { calculationId: string } }).receipt.calculationId;

      const anonymous = await fetch(`${server.url}/v1/entitlement`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: CASE,
      });
      expect(anonymous.status).toBe(401);
      expect((await fetch(`${server.url}/v1/nothing-here`)).status).toBe(404);
      expect((await fetch(`${server.url}/v1/entitlement`, { headers: auth })).status).toBe(405);
      const doc = await fetch(`${server.url}/openapi.json`);
      expect(((await doc.json()) as { openapi: string }).openapi).toBe('3.1.0');
      const query = await fetch(`${server.url}/v1/rulesets/2026.1/parameters?area=620502&date=2020-05-01`, {
        headers: auth,
      });
      expect(query.status).toBe(200);
    } finally {
      await server.close();
    }
    // Storage stopped with the server.
    await expect(fetch(server.dynamodbEndpoint)).rejects.toThrow();

    const again = await startLocalServer({ port: 0, dataDir });
    try {
      expect(again.keys).toEqual(server.keys);
      const get = await fetch(`${again.url}/v1/calculations/${calculationId}`, {
        headers: { authorization: `Bearer ${again.keys.policy}` },
      });
      expect(get.status).toBe(200);
      expect(((await get.json()) as { calculationId: string }).calculationId).toBe(calculationId);
    } finally {
      await again.close();
      if (saved !== undefined) process.env.LOCAL_API_KEYS = saved;
    }
  });

  it('takes fixed keys from the caller', async () => {
    const keys = { system: 'k-system-1', caseworker: 'k-caseworker-1', policy: 'k-policy-1' };
    const server = await startLocalServer({
      port: 0,
      dataDir: join(dataDir, 'fixed'),
      apiKeys: keys,
      storage: 'memory',
    });
    try {
      const answer = await fetch(`${server.url}/v1/rulesets`, {
        headers: { authorization: 'Bearer k-policy-1' },
      });
      expect(answer.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
