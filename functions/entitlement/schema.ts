/** POST /v1/entitlement: the case in, the entitlement answer with its receipt out (shared contract). */
import { CaseSchema } from '../../rules/index.ts';
import { EntitlementResultSchema, ReceiptSchema } from '../shared/schemas.ts';

export const RequestSchema = CaseSchema.meta({ id: 'Case' });

export const ResponseSchema = EntitlementResultSchema.extend({ receipt: ReceiptSchema }).meta({
  id: 'EntitlementResponse',
});
