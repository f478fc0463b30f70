/**
 * Building blocks of the response schemas. Every object is strict: the response schema is what keeps
 * an internal field, or a clear ID number, from ever leaving the service (the middleware validates
 * every answer against it). Request schemas come from the engine (CaseSchema).
 */
import * as z from 'zod';
import {
  CaseSchema,
  COMPONENT_CODES,
  CONFIDENCE_LEVELS,
  DateSchema,
  MonthSchema,
  REASON_CODES,
  RulesetIdSchema,
  SignedMoneySchema,
} from '../../rules/index.ts';

/** The request's date, month, money and ruleset-id checks (rules/case.ts), one definition each. */
const SignedMoney = SignedMoneySchema;
const Month = MonthSchema;
export const CalendarDate = DateSchema;
export const RulesetId = RulesetIdSchema;
export const Sha256 = z.string().regex(/^sha256:[0-9a-f]{64}$/);

export const ReceiptSchema = z
  .strictObject({
    calculationId: z.string().min(1),
    ruleset: RulesetId,
    rulesetHash: Sha256,
    inputHash: Sha256,
    calculatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Receipt' });

export const ParameterTraceSchema = z
  .strictObject({
    id: z.string(),
    label: z.string(),
    value: z.string(),
    unit: z.string(),
    area: z.string(),
    from: CalendarDate,
    source: z.string(),
    provisional: z.boolean(),
    reason: z.string().optional(),
    confidence: z.enum(CONFIDENCE_LEVELS).optional().meta({
      description:
        'primary: the notice itself; official: a government site or mainstream news; third-party: unverified; inferred: reasoned, not stated; not-found: a stated default; decision: a product decision',
    }),
  })
  .meta({ id: 'ParameterTrace' });

const ReasonSchema = z
  .strictObject({
    code: z.enum(REASON_CODES),
    message: z.string(),
    messageEn: z.string(),
    citation: z.string(),
  })
  .meta({ id: 'Reason' });

export const EligibilityResultSchema = z.strictObject({
  month: Month,
  enrolment: z.strictObject({ eligible: z.boolean(), reasons: z.array(ReasonSchema) }),
  benefit: z.strictObject({ eligible: z.boolean(), since: Month.optional(), reasons: z.array(ReasonSchema) }),
  governmentPaidPremium: z
    .strictObject({
      year: z.int(),
      amount: SignedMoney,
      category: z.string(),
      parameters: z.array(ParameterTraceSchema),
    })
    .nullable(),
  area: z.string().nullable(),
  basis: z.array(ParameterTraceSchema),
  provisional: z.array(z.string()),
});

export const EntitlementResultSchema = z.strictObject({
  month: Month,
  area: z.string().nullable(),
  eligible: z.boolean(),
  total: SignedMoney,
  components: z.array(
    z.strictObject({
      code: z.enum(COMPONENT_CODES),
      amount: SignedMoney,
      parameters: z.array(ParameterTraceSchema),
    }),
  ),
  reasons: z.array(ReasonSchema),
  provisional: z.array(z.string()),
  basis: z.array(ParameterTraceSchema),
});

export const ArrearsResultSchema = z.strictObject({
  from: Month,
  to: Month,
  months: z.int().nonnegative(),
  due: SignedMoney,
  paid: SignedMoney,
  total: SignedMoney,
  segments: z.array(
    z.strictObject({
      from: Month,
      to: Month,
      months: z.int().positive(),
      monthly: SignedMoney,
      amount: SignedMoney,
    }),
  ),
  uncovered: z
    .array(
      z.strictObject({
        from: Month,
        to: Month,
        months: z.int().positive(),
        area: z.string(),
        path: z.string().meta({ description: 'the registration, person.hukou[i]' }),
      }),
    )
    .meta({
      description:
        'Months of the window registered in areas the ruleset does not cover: valued at nothing by this scheme, named so that no month is silently zero',
    }),
  provisional: z.array(z.string()),
});

/** The case as the audit trail keeps it: person.idNumber replaced by its keyed hash. */
export const PseudonymisedCaseSchema = CaseSchema.extend({
  person: CaseSchema.shape.person.omit({ idNumber: true }).extend({
    idNumberHmac: z
      .string()
      .regex(/^hmac-sha256:[0-9a-f]{64}$/)
      .optional()
      .meta({
        description: 'HMAC-SHA256 of the ID number under the service key; the clear number is never stored',
      }),
  }),
}).meta({ id: 'PseudonymisedCase' });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' });
