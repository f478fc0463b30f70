/**
 * The handler of a calculation route (POST /v1/eligibility, /v1/entitlement, /v1/arrears): the
 * validated case → the engine → the audit record → the answer, idempotent under Idempotency-Key.
 */
import type * as z from 'zod';
import type { Case } from '../../rules/index.ts';
import type { CalculationKind } from './calculate.ts';
import { calculateAndAudit } from './calculation.ts';
import { idempotency, idempotencyKeyOf } from './idempotency.ts';
import { httpRoute } from './middleware.ts';

export function calculationRoute<B extends z.ZodType<Case>, R extends z.ZodType>(
  kind: CalculationKind,
  schemas: { readonly body: B; readonly response: R },
) {
  return httpRoute(
    { route: kind, body: schemas.body, response: schemas.response, idempotency },
    async ({ body, principal, event }) => {
      return {
        payload: await calculateAndAudit(kind, `POST /v1/${kind}`, body, principal, idempotencyKeyOf(event)),
      };
    },
  );
}
