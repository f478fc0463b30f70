/**
 * Test support for the HTTP API: events from events/apigw-http (structuredClone'd so a test cannot
 * leak changes into the next), an in-process invoker that runs a handler as Lambda would, a real
 * in-memory dynalite with the service's tables, and a capture of every log line for the PII scan.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Handler } from 'aws-lambda';
import { afterAll, beforeAll, expect } from 'vitest';
import { lambdaContext } from '../../functions/local/apigw.ts';
import { startDynalite } from '../../functions/local/dynalite.ts';
import { ROUTES, type Role, type Route } from '../../functions/routes.ts';
import { destroyStoreClients, storeClient } from '../../functions/store/client.ts';
import { ensureTables } from '../../functions/store/ensure-tables.ts';
import { startDynamoDBLocal } from '../integration/dynamodb-local.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EVENTS_DIR = join(ROOT, 'events/apigw-http');

/** The keys the committed events carry (events/apigw-http/*: "Bearer <role>-test-key"). */
export const TEST_KEYS: Record<Role, string> = {
  system: 'system-test-key',
  caseworker: 'caseworker-test-key',
  policy: 'policy-test-key',
};
export const TEST_PSEUDONYM_KEY = Buffer.alloc(32, 7).toString('base64');

const cache = new Map<string, APIGatewayProxyEventV2>();

export function loadEvent(route: string, variant: string): APIGatewayProxyEventV2 {
  const file = join(EVENTS_DIR, route, `${variant}.json`);
  let event = cache.get(file);
  if (!event) {
    event = JSON.parse(readFileSync(file, 'utf8')) as APIGatewayProxyEventV2;
    cache.set(file, event);
  }
  return structuredClone(event);
}

export function eventVariants(route: string): string[] {
  try {
    return readdirSync(join(EVENTS_DIR, route))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5))
      .sort();
  } catch {
    return [];
  }
}

export function routeNamed(name: string): Route {
  const route = ROUTES.find((r) => r.name === name);
  if (!route) throw new Error(`no route ${name}`);
  return route;
}

const handlers = new Map<string, Handler>();
export async function handlerOf(name: string): Promise<Handler> {
  let handler = handlers.get(name);
  if (!handler) {
    const module = (await import(join(ROOT, routeNamed(name).entry))) as { handler: Handler };
    handler = module.handler;
    handlers.set(name, handler);
  }
  return handler;
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly text: string;
}

let counter = 0;
/** Runs a route's handler module on an event, with a Lambda-like context, and parses the answer. */
export async function invoke(name: string, event: APIGatewayProxyEventV2): Promise<Answer> {
  const handler = await handlerOf(name);
  const requestId = `test-${++counter}`;
  event.requestContext.requestId = requestId;
  const result = (await handler(event, lambdaContext(routeNamed(name), requestId), () => undefined)) as
    | APIGatewayProxyStructuredResultV2
    | undefined;
  const text = result?.body ?? '';
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (the page): keep the text
  }
  return {
    status: result?.statusCode ?? 0,
    headers: Object.fromEntries(Object.entries(result?.headers ?? {}).map(([k, v]) => [k, String(v)])),
    body,
    text,
  };
}

export function withBody(event: APIGatewayProxyEventV2, body: unknown): APIGatewayProxyEventV2 {
  event.body = JSON.stringify(body);
  event.isBase64Encoded = false;
  return event;
}

/**
 * A payload 2.0 event for any route of functions/routes.ts, as API Gateway would send it: a JSON
 * body (when given), the role's test token, path parameters filled into the path.
 */
export function routeEvent(
  name: string,
  options: {
    readonly role?: Role;
    readonly body?: unknown;
    readonly pathParameters?: Record<string, string>;
    readonly query?: Record<string, string>;
    readonly headers?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2 {
  const route = routeNamed(name);
  const params = options.pathParameters ?? {};
  const path = route.path.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(params[key] ?? ''));
  const query = options.query ?? {};
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: {
      host: 'localhost',
      ...(options.role ? { authorization: `Bearer ${TEST_KEYS[options.role]}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(Object.keys(params).length > 0 ? { pathParameters: params } : {}),
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: route.method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r',
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    isBase64Encoded: false,
  };
}

export function withToken(event: APIGatewayProxyEventV2, role: Role | undefined): APIGatewayProxyEventV2 {
  if (role) event.headers.authorization = `Bearer ${TEST_KEYS[role]}`;
  else delete event.headers.authorization;
  return event;
}

/** A real dynalite (in-process; memory unless a path is given) with the tables, wired into env. */
export interface TestStore {
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A fresh store with the service's tables: in-process dynalite, or AWS's DynamoDB Local when
 * TEST_STORE=dynamodb-local (`npm run test:dynamodb-local`; on-disk stores are dynalite's).
 */
export async function startTestStore(path?: string): Promise<TestStore> {
  const store =
    process.env.TEST_STORE === 'dynamodb-local' && !path
      ? await startDynamoDBLocal()
      : await startDynalite({ mode: 'in-process', ...(path ? { path } : {}) });
  useStore(store.endpoint);
  await ensureTables(storeClient());
  return store;
}

/**
 * A store for the whole test file: started before its first test, stopped after its last once
 * `settle` is done (the runs the tests left going in the background, which still write to it).
 */
export function useTestStore(settle?: () => Promise<unknown>): void {
  let store: TestStore | undefined;
  beforeAll(async () => {
    store = await startTestStore();
  });
  afterAll(async () => {
    await settle?.();
    await stopTestStore(store);
  });
}

export function useStore(endpoint: string): void {
  process.env.DYNAMODB_ENDPOINT = endpoint;
  process.env.LOCAL_API_KEYS = Object.entries(TEST_KEYS)
    .map(([role, key]) => `${role}:${key}`)
    .join(',');
  process.env.PSEUDONYM_KEY = TEST_PSEUDONYM_KEY;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}

export async function stopTestStore(store: Pick<TestStore, 'close'> | undefined): Promise<void> {
  destroyStoreClients();
  await store?.close();
}

/**
 * 18- or 15-digit resident ID numbers (GB 11643-1999 / -1989) standing alone: not a run of digits
 * inside a longer word such as a sha256 hex digest.
 */
export const ID_NUMBER_PATTERN = /(?<!\w)(\d{17}[\dXx]|\d{15})(?!\w)/;

/**
 * Captures every line written to stdout and stderr (the Powertools logger writes there) until
 * `stop()`; with `echo` they are also written through.
 */
export function captureOutput(echo = false): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const originals = { out: process.stdout.write, err: process.stderr.write };
  const wrap = (original: typeof process.stdout.write) =>
    function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      if (!echo) return true;
      return original.apply(this, [chunk, ...rest] as Parameters<typeof original>);
    } as typeof process.stdout.write;
  process.stdout.write = wrap(originals.out);
  process.stderr.write = wrap(originals.err);
  return {
    lines,
    stop: () => {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    },
  };
}

/**
 * The PII log scan, installed by every API and integration test file: captures all output of the
 * file and, after its last test, fails if any line holds an ID number or a test token.
 */
export function installLogScan(): { lines: string[] } {
  const output = captureOutput();
  afterAll(() => {
    output.stop();
    const leaks = output.lines.filter((l) => ID_NUMBER_PATTERN.test(l) || l.includes('-test-key'));
    expect(leaks).toEqual([]);
  });
  return output;
}
