/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with and
 * walked from functions/routes.ts, so it cannot describe an API other than the one that runs: every
 * route is in it, and a route ./operations.ts does not describe stops the generation.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { ROUTES, type Route } from '../routes.ts';
import { IDEMPOTENCY_KEY_PATTERN } from '../shared/idempotency-key.ts';
import { getRegistry } from '../shared/registry.ts';
import { type Operation, operations, type Tag } from './operations.ts';
import { responsesFor } from './responses.ts';

const TAGS: readonly { readonly name: Tag; readonly description: string }[] = [
  {
    name: 'calculations',
    description: 'Eligibility, entitlement and arrears of a case, and their audit records',
  },
  { name: 'rulesets', description: 'The published rulesets and their parameters' },
  { name: 'policy', description: 'The policy workbench: drafts, case sets and simulations (docs/policy.md)' },
  {
    name: 'screening',
    description:
      'Coverage screening (应保尽保): department lists cross-checked per person (docs/screening.md)',
  },
  { name: 'pages', description: 'The staff pages and this document' },
];

const IdempotencyKeyHeader = z.object({
  'Idempotency-Key': z.string().regex(new RegExp(IDEMPOTENCY_KEY_PATTERN)).optional().meta({
    description:
      'Retrying with the same key and body answers the stored response; the same key with another body is a 422',
  }),
});

function register(registry: OpenAPIRegistry, route: Route, operation: Operation, bearer: string): void {
  const isPublic = route.roles.length === 0;
  registry.registerPath({
    method: route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete',
    path: route.path,
    operationId: route.name,
    tags: [operation.tag],
    summary: operation.summary,
    description: isPublic ? 'Public: no token.' : `Roles: ${route.roles.join(', ')}.`,
    security: isPublic ? [] : [{ [bearer]: [] }],
    request: {
      ...(operation.body
        ? { body: { required: true, content: { 'application/json': { schema: operation.body } } } }
        : {}),
      ...(operation.path ? { params: operation.path } : {}),
      ...(operation.query ? { query: operation.query } : {}),
      ...(operation.idempotent ? { headers: IdempotencyKeyHeader } : {}),
    },
    responses: responsesFor(route, operation),
  });
}

/** The document for these routes and published rulesets (tests pass others; the handler does not). */
export function buildOpenApiDocument(
  routes: readonly Route[] = ROUTES,
  rulesetIds: readonly string[] = getRegistry()
    .list()
    .map((r) => r.id),
): Record<string, unknown> {
  const catalogue = operations(rulesetIds);
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key (systems) or a staff token; the role decides the routes',
  });
  for (const route of routes) {
    const operation = catalogue[route.name];
    if (!operation) throw new Error(`functions/openapi/operations.ts does not describe route ${route.name}`);
    register(registry, route, operation, bearer.name);
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: '城乡居民基本养老保险 entitlement API',
      version: '1.0.0',
      description:
        'Eligibility, entitlement and arrears of the Urban and Rural Residents’ Basic Pension (Gansu). Every error is RFC 9457 application/problem+json. A path called with a method it does not list answers 405 with `Allow` (the local server; API Gateway answers 404).',
    },
    servers: [{ url: '/' }],
    tags: [...TAGS],
  }) as unknown as Record<string, unknown>;
}

let cached: Record<string, unknown> | undefined;

/** GET /openapi.json's document, built once per process. */
export function openApiDocument(): Record<string, unknown> {
  cached ??= buildOpenApiDocument();
  return cached;
}

export { OpenApiDocumentSchema } from './operations.ts';
