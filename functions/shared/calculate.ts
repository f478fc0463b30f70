/**
 * One calculation as every adapter runs it: validate the case, pick the ruleset, run the engine,
 * attach the receipt. The HTTP handlers, the batch CLI and the replay all come through here.
 */
import {
  type ArrearsResult,
  assessArrears,
  assessEligibility,
  assessEntitlement,
  type Case,
  CaseSchema,
  CaseShapeError,
  checkCase,
  type EligibilityResult,
  type EntitlementResult,
  inputHash,
  type Ruleset,
  type RulesetRegistry,
  shapeCase,
} from '../../rules/index.ts';
import { fieldProblems } from './field-problems.ts';

export const CALCULATION_KINDS = ['eligibility', 'entitlement', 'arrears'] as const;
export type CalculationKind = (typeof CALCULATION_KINDS)[number];

export interface Receipt {
  readonly calculationId: string;
  readonly ruleset: string;
  readonly rulesetHash: string;
  readonly inputHash: string;
  /** An instant (UTC, ISO 8601): when the calculation ran. The only instant in any answer. */
  readonly calculatedAt: string;
}

export type CalculationResult = {
  eligibility: EligibilityResult;
  entitlement: EntitlementResult;
  arrears: ArrearsResult;
};

export type CalculationResponse<K extends CalculationKind = CalculationKind> = CalculationResult[K] & {
  readonly receipt: Receipt;
};

const ENGINE: { [K in CalculationKind]: (input: Case, ruleset: Ruleset) => CalculationResult[K] } = {
  eligibility: assessEligibility,
  entitlement: assessEntitlement,
  arrears: assessArrears,
};

/**
 * The engine call itself, on a checked case and a chosen ruleset, without a receipt: the replay runs
 * it twice per case (baseline, candidate), where a receipt (and its input hash) would only cost time.
 */
export function assess<K extends CalculationKind>(
  kind: K,
  input: Case,
  ruleset: Ruleset,
): CalculationResult[K] {
  return ENGINE[kind](input, ruleset);
}

export interface ReceiptSeed {
  readonly calculationId: string;
  readonly calculatedAt: string;
}

/** Runs a calculation on a case already shaped by `CaseSchema` (checks of sense still apply). */
export function calculateCase<K extends CalculationKind>(
  kind: K,
  input: Case,
  registry: RulesetRegistry,
  seed: ReceiptSeed,
): CalculationResponse<K> {
  checkCase(input);
  const ruleset = registry.get(input.ruleset);
  const result = assess(kind, input, ruleset);
  return {
    ...result,
    receipt: {
      calculationId: seed.calculationId,
      ruleset: ruleset.id,
      rulesetHash: ruleset.hash,
      inputHash: inputHash(input),
      calculatedAt: seed.calculatedAt,
    },
  };
}

/** Same, from an untrusted body (shape errors become CaseShapeError). */
export function calculate<K extends CalculationKind>(
  kind: K,
  body: unknown,
  registry: RulesetRegistry,
  seed: ReceiptSeed,
): CalculationResponse<K> {
  // The shape here, the checks of sense in calculateCase: parseCase would run those twice.
  return calculateCase(kind, shapeSafely(body), registry, seed);
}

/**
 * shapeCase, with problems that quote nothing sent: the engine words them with zod's messages, and
 * one of those quotes an unknown field's name. Parsed again only when the body is refused.
 */
function shapeSafely(body: unknown): Case {
  try {
    return shapeCase(body);
  } catch (error) {
    if (!(error instanceof CaseShapeError)) throw error;
    const parsed = CaseSchema.safeParse(body);
    throw parsed.success ? error : new CaseShapeError(fieldProblems(parsed.error, CaseSchema));
  }
}
