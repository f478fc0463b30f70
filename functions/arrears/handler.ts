/** POST /v1/arrears (functions/routes.ts): validated case → engine → audit record → answer. */
import { calculateAndAudit } from '../shared/calculation.ts';
import { idempotency } from '../shared/idempotency.ts';
import { httpRoute } from '../shared/middleware.ts';
import { RequestSchema, ResponseSchema } from './schema.ts';

export const handler = httpRoute(
  { route: 'arrears', body: RequestSchema, response: ResponseSchema, idempotency },
  async ({ body, principal }) => ({
    payload: await calculateAndAudit(
      'arrears',
      'POST /v1/arrears',
      body,
      principal as NonNullable<typeof principal>,
    ),
  }),
);
