/**
 * GET /v1/calculations/{calculationId}: the stored audit record. The input is the pseudonymised case
 * (no clear ID number can pass this schema); the result is the answer given, without its receipt.
 */
import * as z from 'zod';
import { ROLES } from '../routes.ts';
import { CALCULATION_KINDS } from '../shared/calculate.ts';
import {
  ArrearsResultSchema,
  EligibilityResultSchema,
  EntitlementResultSchema,
  PseudonymisedCaseSchema,
  ReceiptSchema,
  Sha256,
} from '../shared/schemas.ts';

export const PathSchema = z.strictObject({ calculationId: z.string().min(1).max(100) });

const common = {
  calculationId: z.string(),
  endpoint: z.string(),
  calculatedAt: z.iso.datetime(),
  ruleset: z.string(),
  rulesetHash: Sha256,
  inputHash: Sha256,
  receipt: ReceiptSchema,
  input: PseudonymisedCaseSchema,
  role: z.enum(ROLES),
  principalId: z.string(),
};

export const ResponseSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal(CALCULATION_KINDS[0]), ...common, result: EligibilityResultSchema }),
    z.strictObject({ kind: z.literal(CALCULATION_KINDS[1]), ...common, result: EntitlementResultSchema }),
    z.strictObject({ kind: z.literal(CALCULATION_KINDS[2]), ...common, result: ArrearsResultSchema }),
  ])
  .meta({ id: 'CalculationRecord' });
