/**
 * The format of a ruleset on disk: a manifest, an area list, reason texts and one YAML file per
 * parameter. Every value is dated, carries its source, and says whether it is provisional (no
 * primary source confirms it) and why. See rules/README.md for how to write and publish one.
 */
import * as z from 'zod';
import { isCalendarDate } from './calendar.ts';
import { isMoneyString } from './money.ts';

const DateString = z.string().refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD');
const MoneyString = z.string().refine(isMoneyString, 'must be a money string like "105.00"');

/** Free text in a ruleset (a source's note, a reason): long enough for a quoted sentence, bounded. */
const MAX_TEXT = 4_000;
const Text = z.string().min(1).max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`);

export const SourceSchema = z
  .strictObject({
    document: Text.optional().describe('文号 or title of the primary or secondary source'),
    url: z.url().max(2_000).optional(),
    note: Text.optional(),
  })
  .refine((s) => s.document !== undefined || s.url !== undefined || s.note !== undefined, {
    message: 'a source needs a document, a url or a note',
  });
export type Source = z.infer<typeof SourceSchema>;

export const PARAMETER_TYPES = [
  'money',
  'integer',
  'date',
  'enum',
  'age-tiers',
  'money-list',
  'threshold-amounts',
  'integer-list',
  'enum-list',
] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

const AgeTierSchema = z.strictObject({ age: z.int().min(0).max(150), amount: MoneyString });
const ThresholdAmountSchema = z.strictObject({ atLeast: MoneyString, amount: MoneyString });

/** The schema a value must meet, by parameter type. */
export function valueSchema(type: ParameterType, options: readonly string[] | undefined): z.ZodType {
  switch (type) {
    case 'money':
      return MoneyString;
    case 'integer':
      return z.int().min(0).max(10_000);
    case 'date':
      return DateString;
    case 'enum':
      return z.enum((options ?? []) as [string, ...string[]]);
    case 'age-tiers':
      return z.array(AgeTierSchema);
    case 'money-list':
      return z.array(MoneyString);
    case 'threshold-amounts':
      return z.array(ThresholdAmountSchema);
    case 'integer-list':
      return z.array(z.int().min(0).max(10_000));
    case 'enum-list':
      return z.array(z.enum((options ?? []) as [string, ...string[]]));
  }
}

/**
 * How far a value can be trusted, graded as the source notes grade their findings:
 * `primary` the notice's own text; `official` a government site or mainstream news citing it;
 * `third-party` an unverified repost; `inferred` reasoned from other values, not stated anywhere;
 * `not-found` no source states it, a stated default stands in; `decision` a product decision of the
 * contract. Only `primary` and `official` values may be final (provisional: false).
 */
export const CONFIDENCE_LEVELS = [
  'primary',
  'official',
  'third-party',
  'inferred',
  'not-found',
  'decision',
] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];
const FINAL_CONFIDENCE: ReadonlySet<Confidence> = new Set(['primary', 'official']);

export const ParameterValueSchema = z
  .strictObject({
    from: DateString,
    value: z.unknown(),
    source: SourceSchema,
    provisional: z.boolean(),
    reason: Text.optional().describe('why the value is provisional'),
    confidence: z.enum(CONFIDENCE_LEVELS).optional().describe('how far the source can be trusted'),
  })
  .refine((v) => !v.provisional || v.reason !== undefined, {
    message: 'a provisional value must say why (reason)',
    path: ['reason'],
  })
  .refine((v) => v.confidence === undefined || FINAL_CONFIDENCE.has(v.confidence) !== v.provisional, {
    message:
      'only a primary or official source makes a value final: provisional must be false for those, true otherwise',
    path: ['provisional'],
  });

export const AreaKeySchema = z.union([z.literal('national'), z.string().regex(/^\d{6}$/)]);

export const ParameterFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'ids are dotted kebab-case: group.name'),
  label: z.string().min(1).describe('the Chinese legal term'),
  description: z.string().min(1),
  unit: z.string().min(1),
  type: z.enum(PARAMETER_TYPES),
  options: z.array(z.string().min(1)).min(1).optional(),
  values: z.record(AreaKeySchema, z.array(ParameterValueSchema).min(1)),
});
export type ParameterFile = z.infer<typeof ParameterFileSchema>;

export const ManifestSchema = z.strictObject({
  id: z.string().regex(/^\d{4}\.\d{1,4}$/),
  publishedAt: DateString,
  description: z.string().min(1),
  basedOn: z
    .string()
    .regex(/^\d{4}\.\d{1,4}$/)
    .optional(),
  coverage: z.strictObject({
    areas: z
      .array(z.string().regex(/^\d{6}$/))
      .min(1)
      .describe('areas covered, with everything under them'),
    from: DateString.describe('the first day the ruleset answers for'),
  }),
  hash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const AreaListSchema = z.array(
  z.strictObject({
    code: z.string().regex(/^\d{6}$/),
    name: z.string().min(1),
    nameEn: z.string().min(1).optional(),
  }),
);
export type AreaEntry = z.infer<typeof AreaListSchema>[number];

export const ReasonListSchema = z.record(
  z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  z.strictObject({ message: z.string().min(1), messageEn: z.string().min(1), citation: z.string().min(1) }),
);
export type ReasonTexts = z.infer<typeof ReasonListSchema>;
