/**
 * The one middy chain every HTTP handler runs in. In request order:
 *
 *   1. httpHeaderNormalizer: lower-case header names.
 *   2. jsonBody: a POST body must be application/json (else 415) and parse (else 400).
 *   3. validate: strict zod schemas for body, path and query parameters (400, errors[].path; the
 *      messages name the field and the rule, never quote what was sent: ./field-problems.ts).
 *   4. authorize: the caller's role (auth.ts) against functions/routes.ts (401 / 403).
 *   5. idempotency: with an Idempotency-Key header, Powertools idempotency on DynamoDB
 *      (a retry gets the stored response; 409 while in progress; 422 for a reused key).
 *   6. the handler, then respond: the response schema (strict) validates and serialises the
 *      body, so a field the contract does not list, or a clear ID number, can never leave.
 *   7. errors (runs last on the way out): any thrown value → functions/shared/problem.ts
 *      `toProblem` → application/problem+json; one log line per request with its request id.
 */
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { type FieldProblem, zodProblems } from '../../rules/index.ts';
import { ROUTES, type Route } from '../routes.ts';
import { authenticate, type Principal } from './auth.ts';
import { fieldProblems } from './field-problems.ts';
import { badRequest, forbidden, unauthenticated, unsupportedMediaType } from './http-errors.ts';
import { logger } from './logger.ts';
import { toProblem } from './problem.ts';

export type HttpEvent = APIGatewayProxyEventV2 & {
  /** Set by the chain: the validated request parts and the caller. */
  input?: { body: unknown; path: unknown; query: unknown };
  principal?: Principal;
};

/**
 * What the chain's handler returns and its middleware pass along: the handler's Reply (a payload
 * not yet checked), which `respond` turns into the HTTP answer (a body, no payload).
 */
type Answer = APIGatewayProxyStructuredResultV2 & { readonly payload?: unknown };
type Request = middy.Request<HttpEvent, Answer, Error, Context>;
type Middleware = middy.MiddlewareObj<HttpEvent, Answer, Error, Context>;

export interface RouteSpec<
  B extends z.ZodType,
  P extends z.ZodType,
  Q extends z.ZodType,
  R extends z.ZodType,
> {
  /** The route's name in functions/routes.ts (gives method, path and roles), or the route itself. */
  readonly route: string | Route;
  readonly body?: B;
  readonly path?: P;
  readonly query?: Q;
  readonly response: R;
  /** The response content type (the OpenAPI document and the page differ from JSON). */
  readonly contentType?: string;
  /**
   * POSTs with side effects: honour Idempotency-Key with `idempotency` from ./idempotency.ts. The
   * handler passes it in rather than this module importing it, so that the routes without it do not
   * bundle Powertools idempotency nor load the DynamoDB client at every cold start.
   */
  readonly idempotency?: (route: Route) => middy.MiddlewareObj;
}

/** What a public route's handler gets (publicRoute). */
export interface PublicHandlerInput<B, P, Q> {
  readonly body: B;
  readonly path: P;
  readonly query: Q;
  readonly requestId: string;
  readonly event: HttpEvent;
}

/** What a protected route's handler gets (httpRoute): the caller, always. */
export interface HandlerInput<B, P, Q> extends PublicHandlerInput<B, P, Q> {
  readonly principal: Principal;
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;.*)?$/i;

function jsonBody(): Middleware {
  return {
    before: (request: Request) => {
      const { event } = request;
      if (!JSON_TYPE.test(event.headers?.['content-type'] ?? '')) throw unsupportedMediaType();
      const text = event.isBase64Encoded
        ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
        : event.body;
      if (!text) throw badRequest([{ path: '', message: 'a JSON body is required' }]);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw badRequest([{ path: '', message: 'the body is not valid JSON' }]);
      }
      (event as { body: unknown }).body = parsed;
    },
  };
}

function validate(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>): Middleware {
  return {
    before: (request: Request) => {
      const { event } = request;
      const problems: FieldProblem[] = [];
      const parse = (schema: z.ZodType | undefined, value: unknown, prefix: string) => {
        if (!schema) return undefined;
        const result = schema.safeParse(value);
        if (result.success) return result.data;
        // fieldProblems, not zod's own messages: those quote an unknown field's name (caller's text).
        problems.push(
          ...fieldProblems(result.error, schema).map((p) => ({
            ...p,
            path: prefix ? `${prefix}${p.path ? `.${p.path}` : ''}` : p.path,
          })),
        );
        return undefined;
      };
      const body = parse(spec.body, event.body, '');
      const path = parse(spec.path, event.pathParameters ?? {}, 'path');
      const query = parse(spec.query, event.queryStringParameters ?? {}, 'query');
      if (problems.length > 0) throw badRequest(problems);
      event.input = { body, path, query };
    },
  };
}

/** The caller of a protected route, or the 401/403 that refuses it. */
function callerOf(route: Route, event: HttpEvent): Principal {
  const principal = authenticate(event);
  if (!principal) throw unauthenticated();
  if (!route.roles.includes(principal.role)) throw forbidden(principal.role);
  return principal;
}

function authorize(route: Route): Middleware {
  return {
    before: (request: Request) => {
      if (route.roles.length === 0) return;
      request.event.principal = callerOf(route, request.event);
    },
  };
}

/**
 * A body above this size is parsed and validated for a caller who may call the route, never for
 * anybody else: validation answers first only where that costs the service little.
 */
const ANONYMOUS_BODY_LIMIT = 4 * 1024;

function authorizeLargeBodies(route: Route): Middleware {
  return {
    before: (request: Request) => {
      const body = request.event.body;
      if (route.roles.length > 0 && typeof body === 'string' && body.length > ANONYMOUS_BODY_LIMIT) {
        request.event.principal = callerOf(route, request.event);
      }
    },
  };
}

function respond(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>): Middleware {
  return {
    after: (request: Request) => {
      const raw = request.response;
      const checked = spec.response.safeParse(raw?.payload);
      if (!checked.success) {
        // The answer itself is wrong: never send it. Paths only; values may be personal data.
        logger.error('response failed its schema', {
          problems: zodProblems(checked.error).map((p) => p.path),
        });
        throw new Error('response failed its schema');
      }
      const text = typeof checked.data === 'string' ? checked.data : JSON.stringify(checked.data);
      request.response = {
        statusCode: raw?.statusCode ?? 200,
        headers: {
          'content-type': spec.contentType ?? 'application/json',
          'cache-control': 'no-store',
          ...raw?.headers,
        },
        body: text,
      };
    },
  };
}

function requestId(event: HttpEvent): string {
  return event.requestContext?.requestId ?? 'unknown';
}

/** Statuses a client should retry, and when: storage unavailable (503), too many simulations (429). */
const RETRY_AFTER_SECONDS: Readonly<Record<number, number>> = { 429: 10, 503: 2 };

/** First in `.use()`, so that its onError runs last, after idempotency has cleaned up its record. */
function errorsAndLogging(route: Route): Middleware {
  const started = new WeakMap<object, number>();
  const log = (request: Request, status: number, extra: Record<string, unknown> = {}) => {
    logger.info('request', {
      requestId: requestId(request.event),
      route: route.name,
      method: route.method,
      status,
      durationMs: Math.round(performance.now() - (started.get(request) ?? performance.now())),
      role: request.event?.principal?.role,
      ...extra,
    });
  };
  return {
    before: (request: Request) => {
      started.set(request, performance.now());
    },
    after: (request: Request) => {
      log(request, request.response?.statusCode ?? 200);
    },
    onError: (request: Request) => {
      const error = request.error;
      const problem = toProblem(error);
      const headers: Record<string, string> = {
        'content-type': 'application/problem+json',
        'cache-control': 'no-store',
      };
      if (problem.status === 401) headers['www-authenticate'] = 'Bearer';
      const retryAfter = RETRY_AFTER_SECONDS[problem.status];
      if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
      if (problem.status >= 500) {
        logger.error('request failed', {
          requestId: requestId(request.event),
          route: route.name,
          error: error ?? undefined,
        });
      }
      log(request, problem.status, { problem: problem.type });
      request.response = { statusCode: problem.status, headers, body: JSON.stringify(problem) };
    },
  };
}

/** What a handler function returns: the payload the response schema checks, and its status. */
export interface Reply {
  readonly statusCode?: number;
  /** Checked at run time by the route's response schema (strict), not trusted by type. */
  readonly payload: unknown;
  /** Headers of this answer (a file's own content type and name), over the route's. */
  readonly headers?: Readonly<Record<string, string>>;
}

function routeOf(spec: { readonly route: string | Route }, protectedRoute: boolean): Route {
  const route = typeof spec.route === 'string' ? ROUTES.find((r) => r.name === spec.route) : spec.route;
  if (!route) throw new Error(`no route "${String(spec.route)}" in functions/routes.ts`);
  if (protectedRoute !== route.roles.length > 0) {
    throw new Error(
      `route "${route.name}" is ${protectedRoute ? 'public: publicRoute' : 'protected: httpRoute'}`,
    );
  }
  return route;
}

/** The chain above around `fn`, which gets the validated parts of the request. */
function chainFor<B extends z.ZodType, P extends z.ZodType, Q extends z.ZodType, R extends z.ZodType>(
  route: Route,
  spec: RouteSpec<B, P, Q, R>,
  fn: (input: PublicHandlerInput<z.output<B>, z.output<P>, z.output<Q>>) => Promise<Reply> | Reply,
) {
  const chain = middy<HttpEvent, Answer, Error, Context>({ timeoutEarlyInMillis: 0 })
    .use(errorsAndLogging(route))
    .use(httpHeaderNormalizer() as Middleware);
  if (spec.body) chain.use(authorizeLargeBodies(route)).use(jsonBody());
  chain.use(validate(spec)).use(authorize(route));
  if (spec.idempotency) chain.use(spec.idempotency(route) as Middleware);
  chain.use(respond(spec));
  return chain.handler(async (event: HttpEvent): Promise<Answer> => {
    const input = event.input ?? { body: undefined, path: undefined, query: undefined };
    return fn({
      body: input.body as z.output<B>,
      path: input.path as z.output<P>,
      query: input.query as z.output<Q>,
      requestId: requestId(event),
      event,
    });
  });
}

/**
 * Builds the Lambda handler of a protected route of functions/routes.ts (one with roles), running the
 * chain above; the handler gets the caller that `authorize` let through.
 */
export function httpRoute<B extends z.ZodType, P extends z.ZodType, Q extends z.ZodType, R extends z.ZodType>(
  spec: RouteSpec<B, P, Q, R>,
  fn: (input: HandlerInput<z.output<B>, z.output<P>, z.output<Q>>) => Promise<Reply> | Reply,
) {
  return chainFor(routeOf(spec, true), spec, (input) => {
    // Set by `authorize`, which refuses a protected route's request without a caller.
    const principal = input.event.principal;
    if (principal === undefined) throw unauthenticated();
    return fn({ ...input, principal });
  });
}

/** The same for a public route (no roles): no caller is looked for. */
export function publicRoute<
  B extends z.ZodType,
  P extends z.ZodType,
  Q extends z.ZodType,
  R extends z.ZodType,
>(
  spec: RouteSpec<B, P, Q, R>,
  fn: (input: PublicHandlerInput<z.output<B>, z.output<P>, z.output<Q>>) => Promise<Reply> | Reply,
) {
  return chainFor(routeOf(spec, false), spec, fn);
}
