/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with and
 * walked from functions/routes.ts, so it cannot describe an API other than the one that runs.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import * as arrears from '../arrears/schema.ts';
import * as calculationGet from '../calculation-get/schema.ts';
import * as eligibility from '../eligibility/schema.ts';
import * as entitlement from '../entitlement/schema.ts';
import { ROUTES } from '../routes.ts';
import * as rulesetParameters from '../ruleset-parameters/schema.ts';
import * as rulesetsList from '../rulesets-list/schema.ts';
import { ProblemSchema } from '../shared/schemas.ts';

interface RouteSchemas {
  readonly summary: string;
  readonly body?: z.ZodType;
  readonly path?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly response: z.ZodType;
  readonly contentType?: string;
}

const OpenApiDocumentSchema = z
  .looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) })
  .meta({ id: 'OpenApiDocument' });

export const ROUTE_SCHEMAS: Readonly<Record<string, RouteSchemas>> = {
  eligibility: {
    summary: 'Who may enrol, who may draw, and the government-paid premium due',
    body: eligibility.RequestSchema,
    response: eligibility.ResponseSchema,
  },
  entitlement: {
    summary: 'The monthly amount for a month, by component, with its trace',
    body: entitlement.RequestSchema,
    response: entitlement.ResponseSchema,
  },
  arrears: {
    summary: 'The back-pay (or overpayment) ledger up to a month',
    body: arrears.RequestSchema,
    response: arrears.ResponseSchema,
  },
  'rulesets-list': { summary: 'Published rulesets', response: rulesetsList.ResponseSchema },
  'ruleset-parameters': {
    summary: 'Every parameter of a ruleset resolved for an area and a date',
    path: rulesetParameters.PathSchema,
    query: rulesetParameters.QuerySchema,
    response: rulesetParameters.ResponseSchema,
  },
  'calculation-get': {
    summary: 'The stored audit record of a calculation',
    path: calculationGet.PathSchema,
    response: calculationGet.ResponseSchema,
  },
  openapi: { summary: 'This document', response: OpenApiDocumentSchema },
  'caseworker-page': {
    summary: 'The caseworker form (HTML)',
    response: z.string(),
    contentType: 'text/html',
  },
};

const PROBLEMS: Record<string, string> = {
  '400': 'The request does not match the contract (errors[].path names each field)',
  '401': 'No valid bearer token',
  '403': 'The role may not call this endpoint',
  '404': 'Unknown ruleset or calculation',
  '409': 'A request with the same Idempotency-Key is in progress',
  '415': 'The body is not application/json',
  '422': 'A well-formed but impossible or uncovered case, or a reused Idempotency-Key',
  '503': 'Storage unavailable; retry after Retry-After seconds',
};

let cached: unknown;

export function openApiDocument(): unknown {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  for (const route of ROUTES) {
    const schemas = ROUTE_SCHEMAS[route.name];
    if (!schemas) continue;
    const problems = Object.fromEntries(
      Object.entries(PROBLEMS)
        .filter(([status]) => route.roles.length > 0 || !['401', '403'].includes(status))
        .map(([status, description]) => [
          status,
          { description, content: { 'application/problem+json': { schema: ProblemSchema } } },
        ]),
    );
    registry.registerPath({
      method: route.method.toLowerCase() as 'get' | 'post',
      path: route.path,
      operationId: route.name,
      summary: schemas.summary,
      ...(route.roles.length > 0
        ? { security: [{ [bearer.name]: [] }], description: `Roles: ${route.roles.join(', ')}` }
        : {}),
      request: {
        ...(schemas.body
          ? { body: { required: true, content: { 'application/json': { schema: schemas.body } } } }
          : {}),
        ...(schemas.path ? { params: schemas.path } : {}),
        ...(schemas.query ? { query: schemas.query } : {}),
        ...(route.method === 'POST'
          ? { headers: z.object({ 'Idempotency-Key': z.string().max(200).optional() }) }
          : {}),
      },
      responses: {
        '200': {
          description: 'OK',
          content: { [schemas.contentType ?? 'application/json']: { schema: schemas.response } },
        },
        ...problems,
      },
    });
  }
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: '城乡居民基本养老保险 entitlement API',
      version: '1.0.0',
      description:
        'Eligibility, entitlement and arrears of the Urban and Rural Residents’ Basic Pension (Gansu).',
    },
    servers: [{ url: '/' }],
  });
  return cached;
}

export { OpenApiDocumentSchema };
