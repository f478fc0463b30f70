/**
 * Pseudonymisation of resident ID numbers: HMAC-SHA256 with a secret key. A plain hash is not enough:
 * the ID space is about 10^11 values and brute-forces in hours (GB 11643 structure), so the key is
 * what protects the mapping, and it lives apart from the data.
 *
 * The key comes from configuration, read once per process (a Lambda cold start):
 * - `PSEUDONYM_KEY`: the key itself (base64 or hex, ≥ 32 bytes recommended);
 * - `PSEUDONYM_KEY_SECRET`: in AWS, the Secrets Manager secret holding it, read through the AWS
 *   Parameters and Secrets Lambda Extension (a layer that serves secrets on localhost and caches
 *   them). No AWS SDK client is loaded for it: the SSM client's load was a large part of every
 *   cold start (docs/infra.md, "Measured choices");
 * - locally, functions/local/secrets.ts generates one into DATA_DIR and sets PSEUDONYM_KEY.
 */
import { createHmac } from 'node:crypto';

/** The extension's default port (PARAMETERS_SECRETS_EXTENSION_HTTP_PORT overrides it). */
const EXTENSION_PORT = '2773';

let cached: { source: string; key: Buffer } | undefined;

function decodeKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-f]{32,}$/i.test(trimmed) && trimmed.length % 2 === 0) return Buffer.from(trimmed, 'hex');
  return Buffer.from(trimmed, 'base64');
}

class PseudonymKeyMissingError extends Error {
  constructor() {
    super('no pseudonymisation key: set PSEUDONYM_KEY or PSEUDONYM_KEY_SECRET');
    this.name = 'PseudonymKeyMissingError';
  }
}

/** Resolves the key (once per process); call it at cold start so the first request is not slower. */
export async function loadPseudonymKey(env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  if (env.PSEUDONYM_KEY) {
    if (cached?.source !== `env:${env.PSEUDONYM_KEY}`) {
      cached = { source: `env:${env.PSEUDONYM_KEY}`, key: decodeKey(env.PSEUDONYM_KEY) };
    }
    return cached.key;
  }
  const secretId = env.PSEUDONYM_KEY_SECRET;
  if (!secretId) throw new PseudonymKeyMissingError();
  if (cached?.source === `secret:${secretId}`) return cached.key;
  if (inFlight?.secretId !== secretId) {
    const request = fetchSecret(secretId, env);
    inFlight = { secretId, request };
    // A failed read (extension not up yet, throttled) is retried by the next request, not cached.
    request.catch(() => {
      if (inFlight?.request === request) inFlight = undefined;
    });
  }
  return inFlight.request;
}

let inFlight: { secretId: string; request: Promise<Buffer> } | undefined;

/**
 * GET /secretsmanager/get on the extension, authorised by the function's own session token: the
 * extension calls Secrets Manager with the function's role, so the role's grant is what decides.
 */
async function fetchSecret(secretId: string, env: NodeJS.ProcessEnv): Promise<Buffer> {
  const token = env.AWS_SESSION_TOKEN;
  if (!token) throw new Error('PSEUDONYM_KEY_SECRET needs AWS_SESSION_TOKEN (set by Lambda)');
  const port = env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? EXTENSION_PORT;
  const response = await fetch(
    `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`,
    { headers: { 'X-Aws-Parameters-Secrets-Token': token } },
  );
  if (!response.ok) {
    throw new Error(`the secrets extension answered ${response.status} for the pseudonymisation key`);
  }
  const value = ((await response.json()) as { SecretString?: unknown }).SecretString;
  if (typeof value !== 'string' || value.trim() === '') throw new PseudonymKeyMissingError();
  cached = { source: `secret:${secretId}`, key: decodeKey(value) };
  return cached.key;
}

/** Starts reading the key during the Lambda init phase (cold start), so no request waits for it. */
export function prefetchPseudonymKey(env: NodeJS.ProcessEnv = process.env): void {
  if (env.PSEUDONYM_KEY_SECRET && !env.PSEUDONYM_KEY) loadPseudonymKey(env).catch(() => undefined);
}

/** The keyed pseudonym of an ID number; the ID is upper-cased first so "x" and "X" agree. */
export function pseudonymOf(idNumber: string, key: Buffer): string {
  return `hmac-sha256:${createHmac('sha256', key).update(idNumber.toUpperCase()).digest('hex')}`;
}

/**
 * A copy of a request body with person.idNumber replaced by person.idNumberHmac. Works on any shape
 * (it runs on already-validated cases, but never trusts that): nothing else is touched.
 */
export function pseudonymise(body: unknown, key: Buffer): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const record = body as Record<string, unknown>;
  const person = record.person;
  if (!person || typeof person !== 'object' || Array.isArray(person)) return body;
  const { idNumber, ...rest } = person as Record<string, unknown>;
  if (idNumber === undefined) return body;
  return {
    ...record,
    person: {
      ...rest,
      idNumberHmac: typeof idNumber === 'string' ? pseudonymOf(idNumber, key) : '(not a string)',
    },
  };
}
