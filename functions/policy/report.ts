/**
 * The replay report: merged aggregates turned into the document policy staff read (report.json),
 * with money as two-decimal strings, plus the CSV rows of the changed cases (pseudonymised).
 */

import { diffRulesets, type ParameterDiff } from '../../rules/draft.ts';
import { COMPONENT_CODES, type Ruleset } from '../../rules/index.ts';
import { type Fen, formatMoney } from '../../rules/money.ts';
import { csvField } from '../shared/csv.ts';
import {
  AGE_BANDS,
  type Aggregates,
  CHANGE_BANDS,
  type ChangedCase,
  emptyGroup,
  type Group,
  HISTOGRAM_BINS,
  type Mismatch,
  mergeGroup,
} from './replay.ts';
import { AGE_NAMES, COMPONENT_NAMES, monthText, yesNo } from './report-names.ts';
import type { ReplayRulesetSpec } from './rulesets-for-replay.ts';

const money = (fen: number) => formatMoney(fen as Fen);

export interface ReportMeta {
  readonly baseline: { id: string; hash: string };
  readonly candidate: { id: string; hash: string; basedOn?: string; draft?: string };
  readonly month?: string;
  readonly caseSet: string;
  readonly generatedAt: string;
  readonly elapsedMs?: number;
  readonly diff: readonly ParameterDiff[];
}

/** The report's header: which rulesets were compared, on what, when (the CLI and the AWS replay alike). */
export function reportMeta(
  baseline: Ruleset,
  candidate: Ruleset,
  spec: ReplayRulesetSpec,
  run: { readonly month?: string | undefined; readonly caseSet: string; readonly generatedAt: string },
): ReportMeta {
  return {
    baseline: { id: baseline.id, hash: baseline.hash },
    candidate: {
      id: candidate.id,
      hash: candidate.hash,
      ...(candidate.manifest.basedOn !== undefined ? { basedOn: candidate.manifest.basedOn } : {}),
      ...('draftName' in spec.candidate ? { draft: spec.candidate.draftName } : {}),
    },
    ...(run.month !== undefined ? { month: run.month } : {}),
    caseSet: run.caseSet,
    generatedAt: run.generatedAt,
    diff: diffRulesets(baseline, candidate),
  };
}

function group(g: Group) {
  return {
    cases: g.cases,
    changed: g.changed,
    gainers: g.gainers,
    losers: g.losers,
    monthlyBaseline: money(g.monthlyBaseline),
    monthlyCandidate: money(g.monthlyCandidate),
    monthlyCostDelta: money(g.monthlyCandidate - g.monthlyBaseline),
    annualCostDelta: money(g.annualCandidate - g.annualBaseline),
    arrearsDelta: money(g.arrearsCandidate - g.arrearsBaseline),
  };
}

function changedCase(c: ChangedCase) {
  return {
    line: c.line,
    ...(c.ref !== undefined ? { ref: c.ref } : {}),
    key: c.key,
    area: c.area,
    ageBand: c.ageBand,
    month: c.month,
    baselineEligible: c.baselineEligible,
    candidateEligible: c.candidateEligible,
    baselineMonthly: money(c.baselineMonthly),
    candidateMonthly: money(c.candidateMonthly),
    monthlyDelta: money(c.candidateMonthly - c.baselineMonthly),
    baselineArrears: money(c.baselineArrears),
    candidateArrears: money(c.candidateArrears),
    arrearsDelta: money(c.candidateArrears - c.baselineArrears),
  };
}

function mismatch(m: Mismatch) {
  return {
    line: m.line,
    ...(m.ref !== undefined ? { ref: m.ref } : {}),
    key: m.key,
    what: m.what,
    month: m.month,
    recorded: money(m.recorded),
    baseline: money(m.baseline),
    candidate: money(m.candidate),
    difference: money(m.baseline - m.recorded),
  };
}

export type ReplayReport = ReturnType<typeof buildReport>;

/** County groups rolled up into their prefecture (市州: the first four digits of GB/T 2260, then 00). */
function byPrefecture(areas: readonly [string, Group][]): Map<string, Group> {
  const prefectures = new Map<string, Group>();
  for (const [code, g] of areas) {
    const prefecture = `${code.slice(0, 4)}00`;
    const into = prefectures.get(prefecture) ?? emptyGroup();
    mergeGroup(into, g);
    prefectures.set(prefecture, into);
  }
  return prefectures;
}

/**
 * Which months were valued, in words the page and report.html show: one uniform test month (what a
 * cost question wants) or each case's own, and the year the annual figure covers.
 */
function valuedText(month: string | undefined, agg: Aggregates): string {
  if (month) return `所有案例按 ${month} 测算；年度支出为 ${month.slice(0, 4)} 年 1—12 月。`;
  if (!agg.firstMonth) return '没有可测算的案例。';
  const range = agg.firstMonth === agg.lastMonth ? agg.firstMonth : `${agg.firstMonth} 至 ${agg.lastMonth}`;
  return `各案例按其自身月份测算（${range}）；年度支出为各案例所在年份的 1—12 月。`;
}

/** The report.json document. `areaNames` comes from the baseline ruleset's area list. */
export function buildReport(agg: Aggregates, meta: ReportMeta, baseline: Ruleset) {
  const areaName = (code: string) => baseline.areas.get(code)?.name ?? code;
  const areas = Object.entries(agg.byArea).sort(([a], [b]) => (a < b ? -1 : 1));
  return {
    summary: {
      cases: agg.cases,
      changed: agg.changed,
      gainers: agg.gainers,
      losers: agg.losers,
      unchanged: agg.unchanged,
      errors: agg.errors,
      monthlyCostDelta: money(agg.total.monthlyCandidate - agg.total.monthlyBaseline),
      annualCostDelta: money(agg.total.annualCandidate - agg.total.annualBaseline),
      arrearsDelta: money(agg.total.arrearsCandidate - agg.total.arrearsBaseline),
      monthlyBaseline: money(agg.total.monthlyBaseline),
      monthlyCandidate: money(agg.total.monthlyCandidate),
      mismatches: agg.mismatchCount,
      skipped: agg.skipped,
    },
    meta: {
      ...meta,
      valued: valuedText(meta.month, agg),
      definitions: {
        monthlyCostDelta: 'Σ (candidate − baseline) monthly entitlement for each case month (or --month)',
        annualCostDelta:
          'Σ (candidate − baseline) entitlement due in the 12 months (January to December) of the calendar year of the case month (or --month)',
        arrearsDelta: 'Σ (candidate − baseline) arrears total (due − paid) up to the case month',
        changed: 'monthly amount, arrears total or eligibility differs',
        skipped:
          'cases whose candidate result was proven equal without recomputing (no value they read differs)',
      },
    },
    byPrefecture: [...byPrefecture(areas)].map(([code, g]) => ({
      area: code,
      name: areaName(code),
      ...group(g),
    })),
    byArea: areas.map(([code, g]) => ({ area: code, name: areaName(code), ...group(g) })),
    byAgeBand: AGE_BANDS.filter((b) => agg.byAgeBand[b]).map((b) => ({
      band: b,
      ...group(agg.byAgeBand[b] as Group),
    })),
    byComponent: COMPONENT_CODES.map((code) => {
      const c = agg.byComponent[code] ?? { baseline: 0, candidate: 0 };
      return {
        component: code,
        baseline: money(c.baseline),
        candidate: money(c.candidate),
        delta: money(c.candidate - c.baseline),
      };
    }),
    bands: CHANGE_BANDS.map((band) => ({ band, cases: agg.bands[band] })),
    distribution: HISTOGRAM_BINS.map((b) => ({ monthlyDeltaYuan: b.key, cases: agg.histogram[b.key] ?? 0 })),
    largestChanges: agg.largest.map(changedCase),
    mismatches: { count: agg.mismatchCount, shown: agg.mismatches.map(mismatch) },
    errorLines: agg.errorLines,
  };
}

/**
 * The columns of report.csv: the Chinese header row staff read in Excel or WPS, and the stable
 * English key of each (docs/policy.md lists them; report.json uses the same keys).
 */
const CSV_COLUMNS: readonly (readonly [key: string, header: string])[] = [
  ['line', '行号'],
  ['ref', '编号'],
  ['key', '案例键'],
  ['area', '地区代码'],
  ['areaName', '地区名称'],
  ['ageBand', '年龄段'],
  ['month', '测算月份'],
  ['baselineEligible', '基准可领'],
  ['candidateEligible', '拟议可领'],
  ['baselineMonthly', '基准月额（元）'],
  ['candidateMonthly', '拟议月额（元）'],
  ['monthlyDelta', '月额变化（元）'],
  ['baselineArrears', '基准补发（元）'],
  ['candidateArrears', '拟议补发（元）'],
  ['arrearsDelta', '补发变化（元）'],
  ...COMPONENT_CODES.map((c) => [`${c}Delta`, `${COMPONENT_NAMES[c] ?? c}变化（元）`] as const),
];

export const CSV_HEADER = CSV_COLUMNS.map(([, header]) => header).join(',');

/**
 * One CSV row of a changed case: no ID number, only the line, the office's ref and a hash key; the
 * area's name beside its code, 是/否, and the month as text a spreadsheet does not turn into a date.
 */
export function csvRow(c: ChangedCase, areaName: (code: string) => string): string {
  return [
    String(c.line),
    csvField(c.ref ?? ''),
    c.key,
    c.area,
    csvField(areaName(c.area)),
    AGE_NAMES[c.ageBand] ?? c.ageBand,
    monthText(c.month),
    yesNo(c.baselineEligible),
    yesNo(c.candidateEligible),
    money(c.baselineMonthly),
    money(c.candidateMonthly),
    money(c.candidateMonthly - c.baselineMonthly),
    money(c.baselineArrears),
    money(c.candidateArrears),
    money(c.candidateArrears - c.baselineArrears),
    ...c.componentDeltas.map(money),
  ].join(',');
}
