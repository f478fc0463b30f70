/**
 * The replay of a case set under two rulesets (baseline and candidate): every case is computed under
 * both by the engine's lean path (`assessTotals`: the same entitlement and arrears code as the API's
 * answers, in fen, without traces, strings or receipt; one prepared case for both), and the
 * differences are folded into aggregates that merge associatively, so a batch can run anywhere (a
 * worker thread, a Lambda of a Step Functions Distributed Map) and the pieces combine in any order.
 * Money is summed in integer fen and turned into strings only in the report.
 */
import { canonicalHash } from '../../rules/canonical-json.ts';
import {
  assessTotals,
  type Case,
  type CaseTotals,
  COMPONENT_CODES,
  RulesError,
  type Ruleset,
} from '../../rules/index.ts';
import { parseMoney } from '../../rules/money.ts';
import { assess } from '../shared/calculate.ts';
import { maskIdNumbers } from '../shared/id-like.ts';
import type { BadLine, CaseSetItem } from './case-set.ts';
import { UnaffectedCheck } from './unaffected.ts';

export const AGE_BANDS = ['under-60', '60-64', '65-69', '70-74', '75-79', '80-89', '90+'] as const;
type AgeBand = (typeof AGE_BANDS)[number];

/** Bands of change, relative to the baseline amount of the measure that changed. */
export const CHANGE_BANDS = ['lost-over-5', 'lost-0-5', 'unchanged', 'gained-0-5', 'gained-over-5'] as const;
type ChangeBand = (typeof CHANGE_BANDS)[number];

/** Bins of the monthly change in yuan for the distribution chart: upper bounds, inclusive. */
export const HISTOGRAM_BINS = [
  { key: '≤-50', max: -5000 },
  { key: '-50~-20', max: -2000 },
  { key: '-20~-5', max: -500 },
  { key: '-5~0', max: -1 },
  { key: '0', max: 0 },
  { key: '0~5', max: 500 },
  { key: '5~20', max: 2000 },
  { key: '20~50', max: 5000 },
  { key: '>50', max: Number.POSITIVE_INFINITY },
] as const;

export interface Group {
  cases: number;
  changed: number;
  gainers: number;
  losers: number;
  /** Fen: sum of the monthly amounts for the replay month. */
  monthlyBaseline: number;
  monthlyCandidate: number;
  /** Fen: sum over the 12 months ending with the replay month. */
  annualBaseline: number;
  annualCandidate: number;
  /** Fen: sum of the arrears totals (due − paid) up to the replay month. */
  arrearsBaseline: number;
  arrearsCandidate: number;
}

/** One case whose outcome changed: what the report lists (pseudonymised: no ID number, ever). */
export interface ChangedCase {
  readonly line: number;
  readonly ref?: string;
  /** The first 16 hex digits of the case's input hash (which excludes the ID number). */
  readonly key: string;
  readonly area: string;
  readonly ageBand: AgeBand;
  readonly month: string;
  readonly baselineEligible: boolean;
  readonly candidateEligible: boolean;
  /** Fen. */
  readonly baselineMonthly: number;
  readonly candidateMonthly: number;
  readonly baselineArrears: number;
  readonly candidateArrears: number;
  /** Fen, component by component (COMPONENT_CODES order): candidate − baseline. */
  readonly componentDeltas: readonly number[];
}

export interface Mismatch {
  readonly line: number;
  readonly ref?: string;
  readonly key: string;
  readonly what: 'total' | 'arrears';
  readonly month: string;
  /** Fen. */
  readonly recorded: number;
  readonly baseline: number;
  readonly candidate: number;
}

export interface Aggregates {
  cases: number;
  changed: number;
  gainers: number;
  losers: number;
  unchanged: number;
  errors: number;
  /** Cases the candidate did not need recomputing (no parameter they read differs). */
  skipped: number;
  total: Group;
  byArea: Record<string, Group>;
  byAgeBand: Record<string, Group>;
  /** Fen sums by component for the replay month. */
  byComponent: Record<string, { baseline: number; candidate: number }>;
  bands: Record<ChangeBand, number>;
  histogram: Record<string, number>;
  largest: ChangedCase[];
  mismatches: Mismatch[];
  mismatchCount: number;
  errorLines: BadLine[];
  /** The earliest and latest month valued (YYYY-MM; '' before any case): the report says which. */
  firstMonth: string;
  lastMonth: string;
}

export interface ReplayOptions {
  /** Evaluate every case at this month (YYYY-MM) instead of its own `month`. */
  readonly month?: string;
  /** How many of the largest changes, mismatches and error lines to keep. */
  readonly keep?: number;
  /** Skip the candidate when no parameter the case can read differs (default true; proven equal). */
  readonly skipUnaffected?: boolean;
  /** Receives every changed case (the CSV rows), in input order within the batch. */
  readonly onChanged?: (row: ChangedCase) => void;
}

const DEFAULT_KEEP = 50;

export function emptyGroup(): Group {
  return {
    cases: 0,
    changed: 0,
    gainers: 0,
    losers: 0,
    monthlyBaseline: 0,
    monthlyCandidate: 0,
    annualBaseline: 0,
    annualCandidate: 0,
    arrearsBaseline: 0,
    arrearsCandidate: 0,
  };
}

export function emptyAggregates(): Aggregates {
  return {
    cases: 0,
    changed: 0,
    gainers: 0,
    losers: 0,
    unchanged: 0,
    errors: 0,
    skipped: 0,
    total: emptyGroup(),
    byArea: {},
    byAgeBand: {},
    byComponent: Object.fromEntries(COMPONENT_CODES.map((c) => [c, { baseline: 0, candidate: 0 }])),
    bands: Object.fromEntries(CHANGE_BANDS.map((b) => [b, 0])) as Record<ChangeBand, number>,
    histogram: Object.fromEntries(HISTOGRAM_BINS.map((b) => [b.key, 0])),
    largest: [],
    mismatches: [],
    mismatchCount: 0,
    errorLines: [],
    firstMonth: '',
    lastMonth: '',
  };
}

interface Outcome {
  readonly eligible: boolean;
  readonly area: string | null;
  readonly monthly: number;
  readonly components: readonly number[];
  readonly annual: number;
  readonly arrears: number;
}

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** Due in the calendar months first..last (month indexes), from a ledger's segments. */
function dueIn(ledger: CaseTotals['arrears'], first: number, last: number): number {
  let sum = 0;
  for (const s of ledger.segments) {
    const from = Math.max(s.from, first);
    const to = Math.min(s.to, last);
    if (to >= from) sum += s.monthly * (to - from + 1);
  }
  return sum;
}

/** December of the valued month's year: the ledger to it gives the whole year's entitlement. */
const yearEnd = (month: string) => `${month.slice(0, 4)}-12`;

/**
 * The lean engine path (the same rules as the API's answers, without traces or strings). The
 * annual figure is the entitlement due in the 12 months of the valued month's calendar year, the
 * months after it included: what a change costs in that year, not only up to the month valued.
 */
function outcome(input: Case, ruleset: Ruleset): Outcome {
  const totals = assessTotals(input, ruleset);
  const december = yearEnd(input.month);
  const year = december === input.month ? totals : assessTotals({ ...input, month: december }, ruleset);
  const january = monthIndex(`${input.month.slice(0, 4)}-01`);
  return {
    eligible: totals.eligible,
    area: totals.area,
    monthly: totals.monthly,
    components: totals.components,
    annual: dueIn(year.arrears, january, january + 11),
    arrears: totals.arrears.due - totals.arrears.paid,
  };
}

/** Age in whole years on the first day of the month (for the report's bands, not for any rule). */
function ageBand(birthDate: string, month: string): AgeBand {
  const by = Number(birthDate.slice(0, 4));
  const bm = Number(birthDate.slice(5, 7));
  const bd = Number(birthDate.slice(8, 10));
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const age = y - by - (m < bm || (m === bm && bd > 1) ? 1 : 0);
  if (age < 60) return 'under-60';
  if (age < 65) return '60-64';
  if (age < 70) return '65-69';
  if (age < 75) return '70-74';
  if (age < 80) return '75-79';
  if (age < 90) return '80-89';
  return '90+';
}

function changeBand(delta: number, base: number): ChangeBand {
  if (delta === 0) return 'unchanged';
  const big = base === 0 || Math.abs(delta) * 100 > Math.abs(base) * 5;
  if (delta > 0) return big ? 'gained-over-5' : 'gained-0-5';
  return big ? 'lost-over-5' : 'lost-0-5';
}

function histogramKey(deltaFen: number): string {
  for (const bin of HISTOGRAM_BINS) if (deltaFen <= bin.max) return bin.key;
  return '>50';
}

function caseKey(input: Case): string {
  const { idNumber: _omit, ...person } = input.person;
  // The first 16 hex digits of the hash (after "sha256:").
  return canonicalHash({ ...input, person }).slice(7, 23);
}

function addToGroup(g: Group, base: Outcome, cand: Outcome, changed: boolean, sign: number): void {
  g.cases++;
  if (changed) g.changed++;
  if (sign > 0) g.gainers++;
  if (sign < 0) g.losers++;
  g.monthlyBaseline += base.monthly;
  g.monthlyCandidate += cand.monthly;
  g.annualBaseline += base.annual;
  g.annualCandidate += cand.annual;
  g.arrearsBaseline += base.arrears;
  g.arrearsCandidate += cand.arrears;
}

export function mergeGroup(into: Group, from: Group): void {
  for (const k of Object.keys(from) as (keyof Group)[]) into[k] += from[k];
}

/** Orders changes by the size of the monthly change, then of the arrears change (largest first). */
function bySize(a: ChangedCase, b: ChangedCase): number {
  const am = Math.abs(a.candidateMonthly - a.baselineMonthly);
  const bm = Math.abs(b.candidateMonthly - b.baselineMonthly);
  if (am !== bm) return bm - am;
  const aa = Math.abs(a.candidateArrears - a.baselineArrears);
  const ba = Math.abs(b.candidateArrears - b.baselineArrears);
  return ba - aa || a.line - b.line;
}

function keepLargest(list: ChangedCase[], keep: number): ChangedCase[] {
  return list.sort(bySize).slice(0, keep);
}

/**
 * Records a line that could not be replayed (a bad line of the case set or an engine refusal). The
 * messages name fields and rules, never the line's text (./case-set.ts); anything shaped like an ID
 * number is masked all the same, since these go into every report and stored simulation.
 */
export function addError(agg: Aggregates, bad: BadLine, keep = DEFAULT_KEEP): void {
  agg.errors++;
  if (agg.errorLines.length < keep)
    agg.errorLines.push({ line: bad.line, message: maskIdNumbers(bad.message) });
}

/**
 * Replays one batch of parsed cases under the baseline and the candidate. Pure apart from the
 * `onChanged` callback: the same batch always gives the same aggregates.
 */
export function replayBatch(
  items: readonly CaseSetItem[],
  baseline: Ruleset,
  candidate: Ruleset,
  options: ReplayOptions = {},
  unaffected: UnaffectedCheck = new UnaffectedCheck(baseline, candidate),
): Aggregates {
  const agg = emptyAggregates();
  const keep = options.keep ?? DEFAULT_KEEP;
  const skip = options.skipUnaffected ?? true;
  for (const item of items) {
    const { ruleset: _pinned, ...rest } = item.input;
    // The replay decides the rulesets; a case's own `ruleset` is ignored.
    const input: Case = options.month === undefined ? rest : { ...rest, month: options.month };
    let base: Outcome;
    let cand: Outcome;
    let skipped = false;
    try {
      base = outcome(input, baseline);
      // The annual figure reads the rest of the year too: unaffected only if December is as well.
      const december = yearEnd(input.month);
      skipped =
        skip &&
        unaffected.isUnaffected(input) &&
        (december === input.month || unaffected.isUnaffected({ ...input, month: december }));
      cand = skipped ? base : outcome(input, candidate);
    } catch (error) {
      if (!(error instanceof RulesError)) throw error;
      addError(agg, { line: item.line, message: error.message }, keep);
      continue;
    }
    if (skipped) agg.skipped++;
    agg.cases++;
    noteMonth(agg, input.month);
    const monthlyDelta = cand.monthly - base.monthly;
    const arrearsDelta = cand.arrears - base.arrears;
    const changed = monthlyDelta !== 0 || arrearsDelta !== 0 || base.eligible !== cand.eligible;
    const sign = monthlyDelta !== 0 ? Math.sign(monthlyDelta) : Math.sign(arrearsDelta);
    if (!changed) agg.unchanged++;
    else agg.changed++;
    if (sign > 0) agg.gainers++;
    if (sign < 0) agg.losers++;
    const area = base.area ?? cand.area ?? item.input.person.hukou.at(-1)?.area ?? 'none';
    const band = ageBand(input.person.birthDate, input.month);
    addToGroup(agg.total, base, cand, changed, sign);
    agg.byArea[area] ??= emptyGroup();
    addToGroup(agg.byArea[area], base, cand, changed, sign);
    agg.byAgeBand[band] ??= emptyGroup();
    addToGroup(agg.byAgeBand[band], base, cand, changed, sign);
    COMPONENT_CODES.forEach((code, i) => {
      const c = agg.byComponent[code] as { baseline: number; candidate: number };
      c.baseline += base.components[i] ?? 0;
      c.candidate += cand.components[i] ?? 0;
    });
    agg.bands[
      monthlyDelta !== 0 ? changeBand(monthlyDelta, base.monthly) : changeBand(arrearsDelta, base.arrears)
    ]++;
    const histogram = histogramKey(monthlyDelta);
    agg.histogram[histogram] = (agg.histogram[histogram] ?? 0) + 1;

    const recorded = item.recorded;
    let key: string | undefined;
    if (recorded) {
      const caseRef = caseKey(item.input);
      key = caseRef;
      // A decision was made for its own month (recorded.month, else the case's): compared with the
      // amounts for that month, never with a uniform test month's.
      const decided = recorded.month ?? item.input.month;
      /**
       * A recorded amount against both rulesets' for the month it was decided in (the amounts
       * already worked out when that is the month replayed). One the baseline does not reproduce is
       * a mismatch: counted, the first `keep` listed.
       */
      const compare = (
        what: 'total' | 'arrears',
        recordedAmount: string,
        ownBaseline: number,
        ownCandidate: number,
      ) => {
        let b = ownBaseline;
        let c = ownCandidate;
        if (decided !== input.month) {
          try {
            const at = { ...input, month: decided };
            const kind = what === 'total' ? 'entitlement' : 'arrears';
            b = parseMoney(assess(kind, at, baseline).total);
            c = parseMoney(assess(kind, at, candidate).total);
          } catch (error) {
            if (!(error instanceof RulesError)) throw error;
            addError(agg, { line: item.line, message: `recorded.month: ${error.message}` }, keep);
            return;
          }
        }
        const value = parseMoney(recordedAmount);
        if (value === b) return;
        agg.mismatchCount++;
        if (agg.mismatches.length < keep) {
          agg.mismatches.push({
            line: item.line,
            ...(item.ref !== undefined ? { ref: item.ref } : {}),
            key: caseRef,
            what,
            month: decided,
            recorded: value,
            baseline: b,
            candidate: c,
          });
        }
      };
      if (recorded.total !== undefined) compare('total', recorded.total, base.monthly, cand.monthly);
      if (recorded.arrears !== undefined) compare('arrears', recorded.arrears, base.arrears, cand.arrears);
    }
    if (changed) {
      const row: ChangedCase = {
        line: item.line,
        ...(item.ref !== undefined ? { ref: item.ref } : {}),
        key: key ?? caseKey(item.input),
        area,
        ageBand: band,
        month: input.month,
        baselineEligible: base.eligible,
        candidateEligible: cand.eligible,
        baselineMonthly: base.monthly,
        candidateMonthly: cand.monthly,
        baselineArrears: base.arrears,
        candidateArrears: cand.arrears,
        componentDeltas: base.components.map((b, i) => (cand.components[i] ?? 0) - b),
      };
      options.onChanged?.(row);
      agg.largest.push(row);
      if (agg.largest.length > keep * 4) agg.largest = keepLargest(agg.largest, keep);
    }
  }
  agg.largest = keepLargest(agg.largest, keep);
  return agg;
}

/** Widens the range of months valued to take in `month`. */
function noteMonth(agg: Aggregates, month: string): void {
  if (!month) return;
  if (!agg.firstMonth || month < agg.firstMonth) agg.firstMonth = month;
  if (month > agg.lastMonth) agg.lastMonth = month;
}

/** Folds `from` into `into` (associative and commutative up to the order of the kept lists). */
export function mergeAggregates(into: Aggregates, from: Aggregates, keep = DEFAULT_KEEP): Aggregates {
  for (const k of ['cases', 'changed', 'gainers', 'losers', 'unchanged', 'errors', 'skipped'] as const) {
    into[k] += from[k];
  }
  mergeGroup(into.total, from.total);
  for (const [area, g] of Object.entries(from.byArea)) {
    into.byArea[area] ??= emptyGroup();
    mergeGroup(into.byArea[area], g);
  }
  for (const [band, g] of Object.entries(from.byAgeBand)) {
    into.byAgeBand[band] ??= emptyGroup();
    mergeGroup(into.byAgeBand[band], g);
  }
  for (const [code, c] of Object.entries(from.byComponent)) {
    into.byComponent[code] ??= { baseline: 0, candidate: 0 };
    const target = into.byComponent[code];
    target.baseline += c.baseline;
    target.candidate += c.candidate;
  }
  for (const band of CHANGE_BANDS) into.bands[band] += from.bands[band];
  for (const [key, n] of Object.entries(from.histogram)) into.histogram[key] = (into.histogram[key] ?? 0) + n;
  into.largest = keepLargest([...into.largest, ...from.largest], keep);
  into.mismatchCount += from.mismatchCount;
  into.mismatches = [...into.mismatches, ...from.mismatches].sort((a, b) => a.line - b.line).slice(0, keep);
  into.errorLines = [...into.errorLines, ...from.errorLines].sort((a, b) => a.line - b.line).slice(0, keep);
  noteMonth(into, from.firstMonth);
  noteMonth(into, from.lastMonth);
  return into;
}
