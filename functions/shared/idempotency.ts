/**
 * Idempotency-Key for the calculation POSTs, with Powertools idempotency on DynamoDB.
 *
 * - Keyed on the header only (scoped by route and caller, so two callers' keys never collide), not
 *   on the whole event: headers such as the date or a trace id differ between retries.
 * - The payload check (same key, different body → 422) hashes the body with the ID number already
 *   replaced by its HMAC, so the idempotency table holds nothing reversible.
 * - Without the header the request is simply not idempotent (a new calculation each time).
 * - A request refused in `before` (in progress → 409, reused key → 422, storage down → 503) must not
 *   run Powertools' onError: that would delete the record of the request that IS in progress and
 *   let a third duplicate run the calculation again (powertools-lambda-typescript#3425).
 */
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import type middy from '@middy/core';
import type { Route } from '../routes.ts';
import { storeClient } from '../store/client.ts';
import { isUnavailable, StorageUnavailableError } from '../store/errors.ts';
import { IDEMPOTENCY_TABLE, tableName } from '../store/tables.ts';
import { badRequest } from './http-errors.ts';
import { IDEMPOTENCY_KEY_PATTERN } from './idempotency-key.ts';
import { logger } from './logger.ts';
import type { HttpEvent } from './middleware.ts';
import { loadPseudonymKey, pseudonymise } from './pseudonym.ts';

const KEY_SHAPE = new RegExp(IDEMPOTENCY_KEY_PATTERN);
const EXPIRES_AFTER_SECONDS = 24 * 60 * 60;

const config = new IdempotencyConfig({
  eventKeyJmesPath: 'idempotencyKey',
  payloadValidationJmesPath: 'idempotencyPayload',
  expiresAfterSeconds: EXPIRES_AFTER_SECONDS,
});

const layers = new Map<string, DynamoDBPersistenceLayer>();
function persistence(): DynamoDBPersistenceLayer {
  const name = tableName(IDEMPOTENCY_TABLE);
  const key = `${process.env.DYNAMODB_ENDPOINT ?? '(aws)'}|${name}`;
  let layer = layers.get(key);
  if (!layer) {
    layer = new DynamoDBPersistenceLayer({ tableName: name, awsSdkV3Client: storeClient() });
    layers.set(key, layer);
  }
  return layer;
}

type IdempotentEvent = HttpEvent & { idempotencyKey?: string; idempotencyPayload?: unknown };

/** The request's Idempotency-Key scoped by route and caller, when it sent one. */
export function idempotencyKeyOf(event: HttpEvent): string | undefined {
  return (event as IdempotentEvent).idempotencyKey;
}
// biome-ignore lint/suspicious/noExplicitAny: middy's request generics differ between packages.
type AnyRequest = middy.Request<any, any, any, any>;

/**
 * Powertools wraps a failed put of the in-progress record, but not a failed read of the record in
 * the way (dynalite, unlike DynamoDB, does not return it with the failed put, so Powertools reads
 * it): storage lost at that moment is a 503 like any other, never a 500.
 */
function asRefusal(error: unknown): unknown {
  const powertools = error instanceof Error && error.name.startsWith('Idempotency');
  return !powertools && isUnavailable(error)
    ? new StorageUnavailableError('idempotency check', { cause: error })
    : error;
}

export function idempotency(route: Route): middy.MiddlewareObj {
  const active = new WeakSet<object>();
  const refused = new WeakSet<object>();
  // One Powertools middleware per store endpoint (tests and the local server may move it).
  const inner = new Map<DynamoDBPersistenceLayer, middy.MiddlewareObj>();
  const powertools = () => {
    const store = persistence();
    let m = inner.get(store);
    if (!m) {
      m = makeHandlerIdempotent({ persistenceStore: store, config, keyPrefix: `pension#${route.name}` });
      inner.set(store, m);
    }
    return m;
  };
  const used = new WeakMap<object, middy.MiddlewareObj>();

  return {
    before: async (request: AnyRequest) => {
      const event = request.event as IdempotentEvent;
      const header = event.headers?.['idempotency-key'];
      if (header === undefined) return undefined;
      if (!KEY_SHAPE.test(header)) {
        throw badRequest([{ path: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }]);
      }
      event.idempotencyKey = `${route.name}|${event.principal?.principalId ?? 'public'}|${header}`;
      event.idempotencyPayload = pseudonymise(event.input?.body, await loadPseudonymKey());
      const m = powertools();
      used.set(request, m);
      active.add(request);
      try {
        return await m.before?.(request);
      } catch (error) {
        refused.add(request);
        throw asRefusal(error);
      }
    },
    after: async (request: AnyRequest) => {
      if (active.has(request)) await used.get(request)?.after?.(request);
    },
    onError: async (request: AnyRequest) => {
      if (!active.has(request) || refused.has(request)) return;
      try {
        await used.get(request)?.onError?.(request);
      } catch {
        // Storage is down: the in-progress record expires on its own; the original error still answers.
        logger.warn('idempotency record not released', { route: route.name });
      }
    },
  };
}
