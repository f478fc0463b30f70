/**
 * The shapes the engine answers with: the contract's response bodies without the receipt (the
 * receipt needs a clock and an id, which adapters own). Money is already a two-decimal string.
 * The caseworker page's browser code imports these types, and its tsc build has no Node types:
 * this module and what it imports use nothing from Node.
 */
import type { CalendarDate } from './calendar.ts';
import type { Confidence } from './parameter-schema.ts';

/** One parameter value as a caseworker sees it in a trace. */
export interface ParameterTrace {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly unit: string;
  readonly area: string;
  readonly from: CalendarDate;
  readonly source: string;
  readonly provisional: boolean;
  readonly reason?: string;
  /** How far the source can be trusted (parameter-schema.ts CONFIDENCE_LEVELS); absent before 2026.2. */
  readonly confidence?: Confidence;
}

export const REASON_CODES = [
  'UNDER_16',
  'STUDENT',
  'EMPLOYEE_PENSION',
  'NO_LOCAL_HUKOU',
  'ACTIVE_MILITARY',
  'IMPRISONED',
  'DECEASED',
  'UNDER_60',
  'INSUFFICIENT_CONTRIBUTIONS',
  'SURVIVAL_UNVERIFIED',
  'SETTLED_ABROAD',
  'ALREADY_DRAWING',
  'SCHEME_NOT_LAUNCHED',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface Reason {
  readonly code: ReasonCode;
  /** Chinese, for the resident. */
  readonly message: string;
  readonly messageEn: string;
  readonly citation: string;
}

export const COMPONENT_CODES = [
  'basic-pension',
  'old-age-supplement',
  'long-contribution-bonus',
  'account-pension',
] as const;
export type ComponentCode = (typeof COMPONENT_CODES)[number];

export interface Component {
  readonly code: ComponentCode;
  readonly amount: string;
  readonly parameters: readonly ParameterTrace[];
}

export interface EligibilityResult {
  readonly month: string;
  readonly enrolment: { readonly eligible: boolean; readonly reasons: readonly Reason[] };
  readonly benefit: {
    readonly eligible: boolean;
    readonly since?: string;
    readonly reasons: readonly Reason[];
  };
  readonly governmentPaidPremium: {
    readonly year: number;
    readonly amount: string;
    readonly category: string;
    readonly parameters: readonly ParameterTrace[];
  } | null;
  /** The area whose rules answered (the hukou in force on the month's first day), if any. */
  readonly area: string | null;
  /** Parameters that decided eligibility (ages, launch, conventions): the basis a caseworker shows. */
  readonly basis: readonly ParameterTrace[];
  readonly provisional: readonly string[];
}

export interface EntitlementResult {
  readonly month: string;
  readonly area: string | null;
  readonly eligible: boolean;
  readonly total: string;
  readonly components: readonly Component[];
  readonly reasons: readonly Reason[];
  readonly provisional: readonly string[];
  readonly basis: readonly ParameterTrace[];
}

export interface ArrearsSegment {
  readonly from: string;
  readonly to: string;
  readonly months: number;
  readonly monthly: string;
  readonly amount: string;
}

export interface ArrearsResult {
  readonly from: string;
  readonly to: string;
  readonly months: number;
  readonly due: string;
  readonly paid: string;
  readonly total: string;
  readonly segments: readonly ArrearsSegment[];
  /** Months of the window registered outside the ruleset's areas: this scheme values them at nothing. */
  readonly uncovered: readonly UncoveredRun[];
  readonly provisional: readonly string[];
}

interface UncoveredRun {
  readonly from: string;
  readonly to: string;
  readonly months: number;
  readonly area: string;
  /** The registration: person.hukou[i]. */
  readonly path: string;
}
