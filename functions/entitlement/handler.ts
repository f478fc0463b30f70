/** POST /v1/entitlement (functions/routes.ts): validated case → engine → audit record → answer. */
import { calculateAndAudit } from '../shared/calculation.ts';
import { idempotency } from '../shared/idempotency.ts';
import { httpRoute } from '../shared/middleware.ts';
import { RequestSchema, ResponseSchema } from './schema.ts';

export const handler = httpRoute(
  { route: 'entitlement', body: RequestSchema, response: ResponseSchema, idempotency },
  async ({ body, principal }) => ({
    payload: await calculateAndAudit(
      'entitlement',
      'POST /v1/entitlement',
      body,
      principal as NonNullable<typeof principal>,
    ),
  }),
);
