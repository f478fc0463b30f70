/**
 * The parameters the calculations read, with the type each must have. The values live in the
 * ruleset's parameter files; this list only says what a ruleset must define to be complete.
 */
import type { ParameterType } from './parameter-schema.ts';

export const REQUIRED_PARAMETERS = {
  'basic-pension.national-minimum': 'money',
  'basic-pension.provincial-top-up': 'money',
  'basic-pension.prefecture-top-up': 'money',
  'basic-pension.county-top-up': 'money',
  'old-age-supplement.tiers': 'age-tiers',
  'long-contribution-bonus.per-year': 'money',
  'long-contribution-bonus.threshold-years': 'integer',
  'account-pension.divisor': 'integer',
  'benefit.pension-age': 'integer',
  'benefit.minimum-contribution-years': 'integer',
  'enrolment.minimum-age': 'integer',
  'scheme.launch-date': 'date',
  'age.start-convention': 'enum',
  'age.leap-day-birthday': 'enum',
  'restored-hukou.back-pay': 'enum',
  'restored-hukou.back-pay-cap-months': 'integer',
  'death.last-paid-month': 'enum',
  'suspension.survival-unverified': 'enum',
  'suspension.imprisoned': 'enum',
  'money.rounding': 'enum',
  'government-paid-premium.registered-poor': 'money',
  'government-paid-premium.minimum-living-allowance': 'money',
  'government-paid-premium.extreme-hardship': 'money',
  'government-paid-premium.severe-disability': 'money',
  'government-paid-premium.returned-to-poverty': 'money',
  'government-paid-premium.minimum-age': 'integer',
  'government-paid-premium.maximum-age': 'integer',
  'government-paid-premium.combination': 'enum',
  'government-paid-premium.family-planning-household': 'money',
  'government-paid-premium.lifted-out-of-poverty': 'money',
  'government-paid-premium.minimum-living-allowance-classes': 'integer-list',
  'old-age-supplement.minimum-tiers': 'age-tiers',
  'benefit.contribution-waiver': 'enum-list',
} as const satisfies Record<string, ParameterType>;

export type ParameterId = keyof typeof REQUIRED_PARAMETERS;

/**
 * Whether the benefit (who draws, and how much) can read a parameter: the enrolment age and the
 * government-paid premium are read only for enrolment and the premium. A change of those never starts
 * a new run of the arrears ledger, so month-scan.ts leaves their dates out.
 */
export function readForBenefit(id: ParameterId): boolean {
  return id !== 'enrolment.minimum-age' && !id.startsWith('government-paid-premium.');
}

/**
 * Parameters the engine learnt to read after some rulesets were published, with the first ruleset
 * that must define them. An older ruleset lacks them, and the engine then applies the rule that
 * ruleset was published with (what each means when absent is said where it is read), so its
 * answers never change.
 */
export const REQUIRED_SINCE: Partial<Record<ParameterId, string>> = {
  'government-paid-premium.family-planning-household': '2026.2',
  'government-paid-premium.lifted-out-of-poverty': '2026.2',
  'government-paid-premium.minimum-living-allowance-classes': '2026.2',
  'old-age-supplement.minimum-tiers': '2026.2',
  'benefit.contribution-waiver': '2026.2',
};

/**
 * The hardship categories whose premium the government may pay (contract decision 8), each with its
 * `government-paid-premium.<category>` amount. The last two were added with ruleset 2026.2.
 */
export const HARDSHIP_CATEGORIES = [
  'registered-poor',
  'minimum-living-allowance',
  'extreme-hardship',
  'severe-disability',
  'returned-to-poverty',
  'family-planning-household',
  'lifted-out-of-poverty',
] as const;
export type HardshipCategory = (typeof HARDSHIP_CATEGORIES)[number];

/** The options an enum parameter must offer: the engine implements exactly these. */
export const ENUM_OPTIONS: Record<string, readonly string[]> = {
  'age.start-convention': ['next-month-after-birthday', 'birthday-month', 'january-of-year'],
  'age.leap-day-birthday': ['march-1', 'february-28'],
  'restored-hukou.back-pay': ['retroactive', 'from-restoration', 'retroactive-capped'],
  'death.last-paid-month': ['month-of-death', 'month-before-death'],
  'suspension.survival-unverified': ['due-after-verification', 'never-due'],
  'suspension.imprisoned': ['never-due', 'due-after-release'],
  'money.rounding': ['half-up', 'half-even', 'down'],
  'government-paid-premium.combination': ['highest', 'sum'],
  // Any hardship status may waive the contribution condition; the ruleset says which do.
  'benefit.contribution-waiver': HARDSHIP_CATEGORIES,
};
