/**
 * What the page is given (the JSON in <script id="page-data">, built by ../handler.ts) and what the
 * API answers: the engine's result types (rules/results.ts, imported as types only, so nothing of
 * the engine is bundled) with the receipt.
 */
import type { ArrearsResult, EligibilityResult, EntitlementResult } from '../../../rules/results.ts';

export type { Component, ParameterTrace, Reason } from '../../../rules/results.ts';

export interface PageArea {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly parent: string;
}

export interface CaseInput {
  person: {
    birthDate: string;
    idNumber?: string;
    deathDate?: string;
    hukou: { area: string; from: string; to?: string; restoredOn?: string }[];
    statuses?: { kind: string; from: string; to?: string; class?: number }[];
    contributions?: {
      year: number | string;
      personal: string;
      governmentPaid?: string;
      subsidy?: string;
      makeUp?: boolean;
    }[];
    accountBalance?: { amount: string; asOf: string };
  };
  month: string;
  payments?: { from: string; to: string; monthly: string }[];
  ruleset?: string;
}

interface Example {
  readonly id: string;
  readonly title: string;
  readonly titleEn: string;
  readonly note: string;
  readonly noteEn: string;
  readonly case: CaseInput;
}

export interface PageData {
  readonly latestRuleset: string;
  /** The first month the latest ruleset answers for (YYYY-MM). */
  readonly coverageStart: string;
  readonly areas: readonly PageArea[];
  readonly examples: readonly Example[];
}

export const DATA = JSON.parse(document.getElementById('page-data')?.textContent ?? '{}') as PageData;

interface Receipt {
  readonly calculationId: string;
  readonly ruleset: string;
  readonly rulesetHash: string;
  readonly inputHash: string;
  readonly calculatedAt: string;
}

/** An answer of the API: the engine's result with the receipt the adapter adds (functions/shared/calculate.ts). */
type Answer<Result> = Result & { readonly receipt: Receipt };
export type Eligibility = Answer<EligibilityResult>;
export type Entitlement = Answer<EntitlementResult>;
export type Arrears = Answer<ArrearsResult>;

export interface Problem {
  readonly detail?: string;
  readonly errors?: { path: string; message: string }[];
}
