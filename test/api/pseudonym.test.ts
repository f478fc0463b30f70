/** Pseudonymisation: keyed (HMAC-SHA256), stable for one key, different under another, never the clear ID. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPseudonymKey, pseudonymise, pseudonymOf } from '../../functions/shared/pseudonym.ts';

const ID = '11010519491231002X';
const key = Buffer.alloc(32, 1);

describe('pseudonymOf', () => {
  it('is stable for one key, differs under another, and ignores the case of X', () => {
    expect(pseudonymOf(ID, key)).toBe(pseudonymOf(ID.toLowerCase(), key));
    expect(pseudonymOf(ID, key)).not.toBe(pseudonymOf(ID, Buffer.alloc(32, 2)));
    expect(pseudonymOf(ID, key)).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
  });
  it('replaces person.idNumber and leaves everything else alone', () => {
    const body = { person: { idNumber: ID, birthDate: '1949-12-31', hukou: [] }, month: '2020-05' };
    const out = pseudonymise(body, key) as { person: Record<string, unknown> };
    expect(JSON.stringify(out)).not.toContain(ID);
    expect(out).toEqual({
      person: { idNumberHmac: pseudonymOf(ID, key), birthDate: '1949-12-31', hukou: [] },
      month: '2020-05',
    });
    expect(pseudonymise({ person: { birthDate: 'x' } }, key)).toEqual({ person: { birthDate: 'x' } });
    expect(pseudonymise('text', key)).toBe('text');
  });
  it('reads the key from PSEUDONYM_KEY (base64 or hex) and refuses to run without one', async () => {
    expect(await loadPseudonymKey({ PSEUDONYM_KEY: key.toString('base64') })).toEqual(key);
    expect(await loadPseudonymKey({ PSEUDONYM_KEY: key.toString('hex') })).toEqual(key);
    await expect(loadPseudonymKey({})).rejects.toThrow(/PSEUDONYM_KEY/);
  });
});

/**
 * In AWS the key is read from the Parameters and Secrets Lambda Extension: a real HTTP server here
 * answers as the extension does (GET /secretsmanager/get, the session token in a header).
 */
describe('the key from the secrets extension', () => {
  const requests: IncomingMessage[] = [];
  let answers: { status: number; body: unknown }[] = [];
  let server: Server;
  let port: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request);
      const answer = answers.shift() ?? { status: 500, body: {} };
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = String((server.address() as AddressInfo).port);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const env = (secret: string) => ({
    PSEUDONYM_KEY_SECRET: secret,
    AWS_SESSION_TOKEN: 'session-token',
    PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: port,
  });

  it('asks for the named secret with the session token, and reads it once per process', async () => {
    answers = [
      { status: 200, body: { Name: 'stack/pseudonym-hmac-key', SecretString: key.toString('hex') } },
    ];
    requests.length = 0;
    expect(await loadPseudonymKey(env('stack/pseudonym-hmac-key'))).toEqual(key);
    expect(await loadPseudonymKey(env('stack/pseudonym-hmac-key'))).toEqual(key);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe('/secretsmanager/get?secretId=stack%2Fpseudonym-hmac-key');
    expect(requests[0]?.headers['x-aws-parameters-secrets-token']).toBe('session-token');
  });

  it('does not keep a failed read: the next request tries again', async () => {
    answers = [
      { status: 400, body: { message: 'not ready' } },
      { status: 200, body: { SecretString: Buffer.alloc(32, 7).toString('hex') } },
    ];
    await expect(loadPseudonymKey(env('other-secret'))).rejects.toThrow(/answered 400/);
    expect(await loadPseudonymKey(env('other-secret'))).toEqual(Buffer.alloc(32, 7));
  });

  it('refuses an empty secret, and needs the session token Lambda sets', async () => {
    answers = [{ status: 200, body: { SecretString: '' } }];
    await expect(loadPseudonymKey(env('empty-secret'))).rejects.toThrow(/PSEUDONYM_KEY/);
    await expect(
      loadPseudonymKey({ PSEUDONYM_KEY_SECRET: 'x', PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: port }),
    ).rejects.toThrow(/AWS_SESSION_TOKEN/);
  });
});
