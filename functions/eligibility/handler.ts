/** POST /v1/eligibility (functions/routes.ts): validated case → engine → audit record → answer. */
import { calculateAndAudit } from '../shared/calculation.ts';
import { httpRoute } from '../shared/middleware.ts';
import { RequestSchema, ResponseSchema } from './schema.ts';

export const handler = httpRoute(
  { route: 'eligibility', body: RequestSchema, response: ResponseSchema, idempotent: true },
  async ({ body, principal }) => ({
    payload: await calculateAndAudit(
      'eligibility',
      'POST /v1/eligibility',
      body,
      principal as NonNullable<typeof principal>,
    ),
  }),
);
