/**
 * The responses of one operation: its success, the problems its own code answers (./operations.ts)
 * and those that follow from the route itself — a schema to fail (400), roles (401, 403), a body
 * (413, 415), the gateway's throttle (429) and the catch-all 500. Every problem is RFC 9457
 * application/problem+json (functions/shared/problem.ts), with the headers the error middleware adds.
 */
import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { ROLES, type Route } from '../routes.ts';
import { ProblemSchema } from '../shared/schemas.ts';
import type { Operation } from './operations.ts';

/** API Gateway's own answer when a stage throttle refuses a request: not a problem document. */
const GatewayMessageSchema = z.strictObject({ message: z.string() }).meta({
  id: 'GatewayMessage',
  description: 'API Gateway’s own answer, e.g. {"message":"Too Many Requests"}',
});

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

const HEADERS: Readonly<Record<string, ResponseConfig['headers']>> = {
  '401': {
    'WWW-Authenticate': {
      description: 'The scheme to authenticate with',
      schema: { type: 'string', const: 'Bearer' },
    },
  },
  '503': {
    'Retry-After': {
      description: 'Seconds to wait before retrying',
      schema: { type: 'integer', minimum: 1 },
    },
  },
};

/** Why each status is answered, when every route that answers it answers it for the same reason. */
function sharedProblems(route: Route, operation: Operation): Record<string, string> {
  const validated = operation.body ?? operation.path ?? operation.query;
  const out: Record<string, string> = {};
  if (validated) {
    const causes = [
      'a field breaks the schema or is not in it (errors[].path names each one)',
      ...(operation.query ? ['a query parameter not listed'] : []),
      ...(operation.body ? ['an empty body or one that is not JSON'] : []),
      ...(operation.idempotent ? ['a malformed Idempotency-Key'] : []),
    ];
    out['400'] = `The request does not match the contract: ${causes.join('; ')}`;
  }
  if (route.roles.length > 0) {
    out['401'] = 'No valid bearer token';
    if (ROLES.some((role) => !route.roles.includes(role))) {
      out['403'] = `The caller's role may not call this route (only ${route.roles.join(', ')})`;
    }
  }
  if (operation.body) {
    out['413'] = 'The body is too large (the local server refuses bodies over 1 MiB)';
    out['415'] = 'The body is not application/json';
  }
  out['500'] = 'Internal error; the body says nothing internal';
  return out;
}

/** The responses object of one operation, by status. */
export function responsesFor(route: Route, operation: Operation): Record<string, ResponseConfig> {
  const problems: Record<string, string> = { ...sharedProblems(route, operation), ...operation.problems };
  const responses: Record<string, ResponseConfig> = {
    [operation.success.status]: {
      description: operation.success.description,
      content: Object.fromEntries(
        (operation.success.contentTypes ?? [operation.success.contentType ?? 'application/json']).map(
          (type) => [type, { schema: operation.success.schema }],
        ),
      ),
    },
  };
  for (const status of Object.keys(problems).sort()) {
    const headers = HEADERS[status];
    responses[status] = {
      description: problems[status] as string,
      ...(headers ? { headers } : {}),
      content: problemContent,
    };
  }
  responses['429'] = {
    description: 'Too many requests: the API Gateway stage throttle (not answered by the local server)',
    content: { 'application/json': { schema: GatewayMessageSchema } },
  };
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}
