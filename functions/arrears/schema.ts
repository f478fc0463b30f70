/** POST /v1/arrears: the case in, the arrears answer with its receipt out (shared contract). */
import { CaseSchema } from '../../rules/index.ts';
import { ArrearsResultSchema, ReceiptSchema } from '../shared/schemas.ts';

export const RequestSchema = CaseSchema.meta({ id: 'Case' });

export const ResponseSchema = ArrearsResultSchema.extend({ receipt: ReceiptSchema }).meta({
  id: 'ArrearsResponse',
});
