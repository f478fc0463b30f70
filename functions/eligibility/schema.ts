/** POST /v1/eligibility: the case in, the eligibility answer with its receipt out (shared contract). */
import { CaseSchema } from '../../rules/index.ts';
import { EligibilityResultSchema, ReceiptSchema } from '../shared/schemas.ts';

export const RequestSchema = CaseSchema.meta({ id: 'Case' });

export const ResponseSchema = EligibilityResultSchema.extend({ receipt: ReceiptSchema }).meta({
  id: 'EligibilityResponse',
});
