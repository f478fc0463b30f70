/**
 * What the page is given (the JSON in <script id="page-data">, built by ../handler.ts) and what the
 * API answers (functions/shared/schemas.ts), as the page reads them.
 */

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

export interface ParameterTrace {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly unit: string;
  readonly area: string;
  readonly from: string;
  readonly source: string;
  readonly provisional: boolean;
  readonly reason?: string;
}

export interface Reason {
  readonly code: string;
  readonly message: string;
  readonly messageEn: string;
  readonly citation: string;
}

interface Receipt {
  readonly calculationId: string;
  readonly ruleset: string;
  readonly rulesetHash: string;
  readonly inputHash: string;
  readonly calculatedAt: string;
}

export interface Eligibility {
  readonly month: string;
  readonly enrolment: { eligible: boolean; reasons: Reason[] };
  readonly benefit: { eligible: boolean; since?: string; reasons: Reason[] };
  readonly governmentPaidPremium: {
    year: number;
    amount: string;
    category: string;
    parameters: ParameterTrace[];
  } | null;
  readonly area: string | null;
  readonly basis: ParameterTrace[];
  readonly provisional: string[];
  readonly receipt: Receipt;
}

export interface Component {
  readonly code: string;
  readonly amount: string;
  readonly parameters: ParameterTrace[];
}

export interface Entitlement {
  readonly month: string;
  readonly area: string | null;
  readonly eligible: boolean;
  readonly total: string;
  readonly components: Component[];
  readonly reasons: Reason[];
  readonly provisional: string[];
  readonly basis: ParameterTrace[];
  readonly receipt: Receipt;
}

interface Segment {
  readonly from: string;
  readonly to: string;
  readonly months: number;
  readonly monthly: string;
  readonly amount: string;
}

export interface Arrears {
  readonly from: string;
  readonly to: string;
  readonly months: number;
  readonly due: string;
  readonly paid: string;
  readonly total: string;
  readonly segments: Segment[];
  readonly uncovered?: { from: string; to: string; months: number; area: string; path: string }[];
  readonly provisional: string[];
  readonly receipt: Receipt;
}

export interface Problem {
  readonly detail?: string;
  readonly errors?: { path: string; message: string }[];
}
