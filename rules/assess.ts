/**
 * The three calculations of the contract: eligibility, the monthly entitlement and the arrears
 * ledger. Pure functions of a case and a ruleset.
 */

import { type BenefitState, benefitState, type MonthlyAmount, monthlyAmount } from './benefit.ts';
import { formatYearMonth, monthOf, parseYearMonth, type YearMonth, yearOf } from './calendar.ts';
import { type Case, LIVING_ALLOWANCE_CLASSES } from './case.ts';
import { CaseContext, type HukouMonths, type StatusMonths } from './case-context.ts';
import { MissingFactError, NotCoveredError } from './errors.ts';
import { type Fen, formatMoney, multiplyFen, parseMoney, ZERO } from './money.ts';
import { boundaryMonths } from './month-scan.ts';
import { HARDSHIP_CATEGORIES, type HardshipCategory } from './parameter-ids.ts';
import {
  type ArrearsResult,
  type ArrearsSegment,
  COMPONENT_CODES,
  type EligibilityResult,
  type EntitlementResult,
  type ParameterTrace,
  type Reason,
  type ReasonCode,
} from './results.ts';
import type { AreaRules, Ruleset } from './ruleset.ts';

function evaluatedMonth(input: Case, ruleset: Ruleset): YearMonth {
  const month = parseYearMonth(input.month) as YearMonth;
  if (month < ruleset.coverageStart) {
    throw new NotCoveredError([
      {
        path: 'month',
        message: `ruleset ${ruleset.id} covers months from ${formatYearMonth(ruleset.coverageStart)}`,
      },
    ]);
  }
  return month;
}

function reasonsOf(ruleset: Ruleset, codes: readonly ReasonCode[]): Reason[] {
  return codes.map((code) => ruleset.reason(code));
}

function basisOf(ctx: CaseContext, exclude: ReadonlySet<ParameterTrace>): ParameterTrace[] {
  return [...ctx.used].filter((t) => !exclude.has(t));
}

/**
 * The state and, when eligible, the amount for `month`: the one entitlement path (full or lean).
 * `stateReads` counts the parameter reads of the state alone (the first entries of `ctx.used`).
 */
function entitlementAt(
  ctx: CaseContext,
  month: YearMonth,
): { state: BenefitState; stateReads: number; amount?: MonthlyAmount; hukou?: HukouMonths } {
  const state = benefitState(ctx, month);
  const stateReads = ctx.used.size;
  if (!state.eligible || !state.hukou) return { state, stateReads };
  const amount = monthlyAmount(ctx, ctx.ruleset.forArea(state.hukou.area), month);
  return { state, stateReads, hukou: state.hukou, amount };
}

/** POST /v1/entitlement: the monthly amount for `month`, by component, with its trace. */
export function assessEntitlement(input: Case, ruleset: Ruleset): EntitlementResult {
  const month = evaluatedMonth(input, ruleset);
  const ctx = new CaseContext(input, ruleset);
  ctx.assertCovered(month);
  const { state, stateReads, amount, hukou } = entitlementAt(ctx, month);
  if (!amount || !hukou) {
    return {
      month: input.month,
      area: state.hukou?.area ?? null,
      eligible: false,
      total: '0.00',
      components: COMPONENT_CODES.map((code) => ({ code, amount: '0.00', parameters: [] })),
      reasons: reasonsOf(ruleset, state.reasons),
      provisional: ctx.provisionalIds(),
      basis: basisOf(ctx, new Set()),
    };
  }
  const componentTraces = new Set(amount.components.flatMap((c) => c.parameters));
  return {
    month: input.month,
    area: hukou.area,
    eligible: true,
    total: formatMoney(amount.total),
    components: COMPONENT_CODES.map((code, i) => {
      const c = amount.components[i] as (typeof amount.components)[number];
      return { code, amount: formatMoney(c.amount), parameters: c.parameters };
    }),
    reasons: [],
    provisional: ctx.provisionalIds(),
    basis: [...ctx.used].slice(0, stateReads).filter((t) => !componentTraces.has(t)),
  };
}

interface MonthRun {
  readonly from: YearMonth;
  readonly to: YearMonth;
  readonly monthly: Fen;
}

/** Runs of months with the same entitlement over [from, to], and the first eligible month. */
function entitlementRuns(
  ctx: CaseContext,
  from: YearMonth,
  to: YearMonth,
): { runs: MonthRun[]; since?: YearMonth } {
  const starts = boundaryMonths(ctx, from, to);
  const runs: MonthRun[] = [];
  let since: YearMonth | undefined;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] as YearMonth;
    const end = i + 1 < starts.length ? (starts[i + 1] as YearMonth) - 1 : to;
    const state = benefitState(ctx, start);
    const monthly =
      state.eligible && state.hukou
        ? monthlyAmount(ctx, ctx.ruleset.forArea(state.hukou.area), start).total
        : ZERO;
    if (state.eligible && since === undefined) since = start;
    const last = runs[runs.length - 1];
    if (last && last.monthly === monthly) runs[runs.length - 1] = { ...last, to: end };
    else runs.push({ from: start, to: end, monthly });
  }
  return since === undefined ? { runs } : { runs, since };
}

/** POST /v1/eligibility: who may enrol, who may draw (and since when), the government-paid premium. */
export function assessEligibility(input: Case, ruleset: Ruleset): EligibilityResult {
  const month = evaluatedMonth(input, ruleset);
  const ctx = new CaseContext(input, ruleset);
  ctx.assertCovered(month);
  const benefit = benefitState(ctx, month);
  const firstEntitled = entitlementRuns(ctx, ruleset.coverageStart, month).since;

  const enrolmentReasons: ReasonCode[] = [];
  if (ctx.deathMonth !== undefined && month > ctx.deathMonth) enrolmentReasons.push('DECEASED');
  const hukou = ctx.hukouAt(month, 'enrolment');
  const rules = hukou ? ruleset.forArea(hukou.area) : undefined;
  if (!hukou || !rules) enrolmentReasons.push('NO_LOCAL_HUKOU');
  else {
    const launchDate = ctx.read(rules, 'scheme.launch-date', month).value as string;
    if (month < monthOf(launchDate)) enrolmentReasons.push('SCHEME_NOT_LAUNCHED');
    const minimumAge = ctx.read(rules, 'enrolment.minimum-age', month).value as number;
    if (month < ctx.ageStartMonth(rules, minimumAge, month)) enrolmentReasons.push('UNDER_16');
  }
  const screened = [
    ['student', 'STUDENT'],
    ['employee-pension', 'EMPLOYEE_PENSION'],
    ['active-military', 'ACTIVE_MILITARY'],
    ['imprisoned', 'IMPRISONED'],
    ['settled-abroad', 'SETTLED_ABROAD'],
  ] as const;
  for (const [kind, code] of screened) if (ctx.statusAt(kind, month)) enrolmentReasons.push(code);
  // Once the benefit has started, a pause (proof of life, custody) does not make the person a new enrollee.
  if (firstEntitled !== undefined && !enrolmentReasons.includes('DECEASED'))
    enrolmentReasons.push('ALREADY_DRAWING');
  const enrolmentEligible = enrolmentReasons.length === 0;

  const premium = enrolmentEligible && rules ? governmentPaidPremium(ctx, rules, month) : null;
  return {
    month: input.month,
    enrolment: { eligible: enrolmentEligible, reasons: reasonsOf(ruleset, enrolmentReasons) },
    benefit: {
      eligible: benefit.eligible,
      ...(benefit.eligible && firstEntitled !== undefined ? { since: formatYearMonth(firstEntitled) } : {}),
      reasons: reasonsOf(ruleset, benefit.reasons),
    },
    governmentPaidPremium: premium,
    area: benefit.hukou?.area ?? hukou?.area ?? null,
    basis: basisOf(ctx, new Set()),
    provisional: ctx.provisionalIds(),
  };
}

/**
 * 政府代缴 (contract decision 8) for the year of `month`: ages counted as reached in the year, a
 * hardship status on any day of it, the area's amount per category, several categories combined by
 * the combination rule. 低保 counts only in the classes the ruleset pays for (Gansu from 2018:
 * class 1–2); a 低保 period without its class is refused when the class would change the amount.
 */
function governmentPaidPremium(
  ctx: CaseContext,
  rules: AreaRules,
  month: YearMonth,
): EligibilityResult['governmentPaidPremium'] {
  const year = yearOf(month);
  const age = year - ctx.birthYear;
  const minAge = ctx.read(rules, 'government-paid-premium.minimum-age', month);
  const maxAge = ctx.read(rules, 'government-paid-premium.maximum-age', month);
  if (age < (minAge.value as number) || age > (maxAge.value as number)) return null;
  const combination = ctx.read(rules, 'government-paid-premium.combination', month);
  const traces = [minAge.trace, maxAge.trace, combination.trace];
  const claims: { kind: HardshipCategory; amount: Fen; unclassed?: UnclassedPeriod }[] = [];
  for (const kind of HARDSHIP_CATEGORIES) {
    const id = `government-paid-premium.${kind}` as const;
    // A category added after this ruleset was published: that ruleset paid nothing for it.
    if (!rules.has(id)) continue;
    const periods = ctx.statusesInYear(kind, year);
    if (periods.length === 0) continue;
    const entry = ctx.read(rules, id, month);
    traces.push(entry.trace);
    const amount = entry.value as Fen;
    if (amount <= 0) continue;
    if (kind !== 'minimum-living-allowance') claims.push({ kind, amount });
    else {
      const paid = livingAllowanceClassPaid(ctx, rules, periods, month, traces);
      if (paid === true) claims.push({ kind, amount });
      else if (paid !== false) claims.push({ kind, amount, unclassed: paid });
    }
  }
  const unclassed = claims.find((c) => c.unclassed !== undefined);
  const known = claims.filter((c) => c.unclassed === undefined);
  if (unclassed?.unclassed !== undefined) {
    const best = Math.max(0, ...known.map((c) => c.amount));
    // The class is asked for only when it would change the answer.
    if (combination.value === 'sum' || unclassed.amount > best) {
      throw new MissingFactError([
        {
          path: `person.statuses[${unclassed.unclassed.period.index}].class`,
          message: `is needed: the government pays the ${year} premium only for 低保 recipients of class ${unclassed.unclassed.classes.join(', ')}`,
        },
      ]);
    }
  }
  if (known.length === 0) return null;
  if (combination.value === 'sum') {
    const amount = known.reduce((sum, c) => sum + c.amount, 0) as Fen;
    return {
      year,
      amount: formatMoney(amount),
      category: known.map((c) => c.kind).join('+'),
      parameters: traces,
    };
  }
  const best = known.reduce((a, b) => (b.amount > a.amount ? b : a));
  return { year, amount: formatMoney(best.amount), category: best.kind, parameters: traces };
}

/** A 低保 period whose missing class decides the premium, and the classes that earn it. */
interface UnclassedPeriod {
  readonly period: StatusMonths;
  readonly classes: readonly number[];
}

/**
 * Whether the 低保 periods of the year earn the premium under the classes the ruleset pays for:
 * true, false, or the period whose missing class decides it. Rulesets before 2026.2 pay every class.
 */
function livingAllowanceClassPaid(
  ctx: CaseContext,
  rules: AreaRules,
  periods: readonly StatusMonths[],
  month: YearMonth,
  traces: ParameterTrace[],
): boolean | UnclassedPeriod {
  if (!rules.has('government-paid-premium.minimum-living-allowance-classes')) return true;
  const entry = ctx.read(rules, 'government-paid-premium.minimum-living-allowance-classes', month);
  traces.push(entry.trace);
  const classes = entry.value as readonly number[];
  if (periods.some((p) => p.class !== undefined && classes.includes(p.class))) return true;
  const period = periods.find((p) => p.class === undefined);
  if (period === undefined) return false;
  return LIVING_ALLOWANCE_CLASSES.every((c) => classes.includes(c)) ? true : { period, classes };
}

/**
 * POST /v1/arrears: the ledger from the first month owed (or paid) to `month`. `due` sums the
 * entitlement of every month, valued at the standard in force in that month; `segments` are the
 * maximal runs of equal monthly amounts and tile the window; `total = due − paid`.
 */
export function assessArrears(input: Case, ruleset: Ruleset): ArrearsResult {
  const end = evaluatedMonth(input, ruleset);
  const ctx = new CaseContext(input, ruleset);
  const ledger = arrearsLedger(ctx, end);
  return {
    from: formatYearMonth(ledger.start),
    to: input.month,
    months: end - ledger.start + 1,
    due: formatMoney(ledger.due),
    paid: formatMoney(ledger.paid),
    total: formatMoney((ledger.due - ledger.paid) as Fen),
    segments: ledger.segments.map(
      (s): ArrearsSegment => ({
        from: formatYearMonth(s.from),
        to: formatYearMonth(s.to),
        months: s.to - s.from + 1,
        monthly: formatMoney(s.monthly),
        amount: formatMoney(multiplyFen(s.monthly, s.to - s.from + 1)),
      }),
    ),
    uncovered: ledger.uncovered.map((u) => ({
      from: formatYearMonth(u.from),
      to: formatYearMonth(u.to),
      months: u.to - u.from + 1,
      area: u.hukou.area,
      path: `person.hukou[${u.hukou.index}]`,
    })),
    provisional: ctx.provisionalIds(),
  };
}

interface Ledger {
  readonly start: YearMonth;
  /** The window's runs of equal monthly amounts, clipped to it (the contract's segments, in fen). */
  readonly segments: readonly MonthRun[];
  readonly due: Fen;
  readonly paid: Fen;
  /** Months of the window registered in areas the ruleset does not cover: valued at nothing here. */
  readonly uncovered: readonly { from: YearMonth; to: YearMonth; hukou: HukouMonths }[];
}

/** The arrears ledger in fen up to `end`: the one arrears path, formatted by assessArrears. */
function arrearsLedger(ctx: CaseContext, end: YearMonth): Ledger {
  const { ruleset } = ctx;
  const payments = (ctx.input.payments ?? []).map((p, i) => ({
    index: i,
    from: parseYearMonth(p.from) as YearMonth,
    to: parseYearMonth(p.to) as YearMonth,
    monthly: parseMoney(p.monthly),
  }));
  for (const p of payments) {
    if (p.from < ruleset.coverageStart) {
      throw new NotCoveredError([
        {
          path: `payments[${p.index}].from`,
          message: `ruleset ${ruleset.id} covers months from ${formatYearMonth(ruleset.coverageStart)}`,
        },
      ]);
    }
  }
  // Never a silent zero: a case registered only outside the ruleset's areas is refused, as by
  // POST /v1/entitlement, and the window's months elsewhere are named in the answer.
  if (!ctx.coveredWithin(ruleset.coverageStart, end)) {
    const elsewhere = ctx.uncoveredRuns(ruleset.coverageStart, end);
    if (elsewhere.length > 0) {
      throw new NotCoveredError(
        elsewhere.map((u) => ({
          path: `person.hukou[${u.hukou.index}].area`,
          message: `ruleset ${ruleset.id} does not cover area ${u.hukou.area}`,
        })),
      );
    }
  }
  const { runs, since } = entitlementRuns(ctx, ruleset.coverageStart, end);
  let start = since ?? end;
  for (const p of payments) if (p.from <= end) start = Math.min(start, p.from);

  const segments: MonthRun[] = [];
  let due = ZERO;
  for (const run of runs) {
    if (run.to < start) continue;
    const from = Math.max(run.from, start);
    due = (due + multiplyFen(run.monthly, run.to - from + 1)) as Fen;
    segments.push({ from, to: run.to, monthly: run.monthly });
  }
  let paid = ZERO;
  for (const p of payments) {
    const months = Math.min(p.to, end) - Math.max(p.from, start) + 1;
    if (months > 0) paid = (paid + multiplyFen(p.monthly, months)) as Fen;
  }
  return { start, segments, due, paid, uncovered: ctx.uncoveredRuns(start, end) };
}

/**
 * The entitlement for `month` and the arrears ledger, in fen and without traces or strings, from
 * one prepared case: what a replay needs for its totals. The same entitlementAt and arrearsLedger as
 * assessEntitlement and assessArrears (so the same numbers), only the formatting is left out.
 */
export interface CaseTotals {
  readonly eligible: boolean;
  readonly area: string | null;
  readonly monthly: Fen;
  /** COMPONENT_CODES order; zeros when not eligible. */
  readonly components: readonly Fen[];
  readonly arrears: Ledger;
}

export function assessTotals(input: Case, ruleset: Ruleset): CaseTotals {
  const month = evaluatedMonth(input, ruleset);
  const ctx = new CaseContext(input, ruleset);
  ctx.assertCovered(month);
  const { state, amount } = entitlementAt(ctx, month);
  const arrears = arrearsLedger(ctx, month);
  return {
    eligible: amount !== undefined,
    area: state.hukou?.area ?? null,
    monthly: amount?.total ?? ZERO,
    components: amount ? amount.components.map((c) => c.amount) : COMPONENT_CODES.map(() => ZERO),
    arrears,
  };
}
