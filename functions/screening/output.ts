/**
 * What a screening writes: each person's findings (JSON Lines; CSV for Excel, one row per finding,
 * whole or one file per township), the weekly dispatch table (周调度通报: per area and class), the
 * bad rows, and the comparison with a previous run (newly found, resolved, still open).
 */
import { type Fen, formatMoney } from '../../rules/money.ts';
import { CSV_BOM, csvField } from '../shared/csv.ts';
import type { Tally } from './batch.ts';
import { CLASS_NAMES_ZH, PROBLEM_NAMES_ZH, SCREENING_CLASSES, type ScreeningClass } from './classes.ts';
import type { Finding, PersonResult } from './classify.ts';
import type { BadRow } from './lists.ts';
import type { ListReadResult } from './read-list.ts';
import { NO_AREA, type SummaryRow, summaryCells, summaryHeader, TOTAL } from './summary-table.ts';

export type Change = 'new' | 'still-open';
const CHANGE_NAMES_ZH: Record<Change | 'resolved', string> = {
  new: '新发现',
  'still-open': '仍未解决',
  resolved: '已解决',
};

/** A finding's identity across runs: the person, the class and what distinguishes one of a class. */
export function findingKey(person: string, f: Finding): string {
  const which =
    f.class === 'premium-due'
      ? String(f.year)
      : f.class === 'excluded'
        ? f.reason
        : f.class === 'data-problem'
          ? f.problem
          : '';
  return `${person}|${f.class}|${which}`;
}

/** A previous run's findings, by key, with the person's area (for the comparison per area). */
export type PreviousFindings = Map<string, { area: string; class: ScreeningClass; line: string }>;

export interface ComparisonTally {
  [area: string]: { new: number; 'still-open': number; resolved: number };
}

/** A person's JSON Lines line, each finding marked new or still open when there is a previous run. */
export function personLine(
  p: PersonResult,
  previous: PreviousFindings | undefined,
  seen: Set<string>,
): string {
  const findings = p.findings.map((f) => {
    if (!previous) return f;
    const key = findingKey(p.person, f);
    seen.add(key);
    return { ...f, change: previous.has(key) ? 'still-open' : 'new' };
  });
  return `${JSON.stringify({ ...p, findings })}\n`;
}

export const RESULT_CSV_HEADER = [
  '个人标识(HMAC)',
  '区县',
  '区县名称',
  '乡镇',
  '类别',
  '类别代码',
  '问题或原因',
  '年度',
  '金额(元)',
  '起始年月',
  '截止年月',
  '月数',
  '来源名单',
  '处理',
  '与上次比',
  '所在名单及行号',
];

/** The CSV rows of a person, one per finding (newline-terminated). */
export function personCsvRows(
  p: PersonResult,
  areaName: (code: string) => string | undefined,
  change?: (f: Finding) => Change | undefined,
): string {
  const county = p.area ? (areaName(p.area) ?? '') : '';
  const where = p.lines.map((l) => `${l.source}:${l.line}`).join(' ');
  let out = '';
  for (const f of p.findings) {
    const detail =
      f.class === 'data-problem'
        ? PROBLEM_NAMES_ZH[f.problem]
        : f.class === 'excluded'
          ? f.reason
          : f.class === 'premium-due'
            ? f.category
            : '';
    const c = change?.(f);
    const row = [
      p.person,
      p.area ?? '',
      county,
      p.township ?? '',
      CLASS_NAMES_ZH[f.class],
      f.class,
      detail,
      f.class === 'premium-due' ? f.year : '',
      f.class === 'premium-due' || f.class === 'back-pay-due' ? f.amount : '',
      f.class === 'should-draw' ? f.since : f.class === 'back-pay-due' ? f.from : '',
      f.class === 'back-pay-due' ? f.to : '',
      f.class === 'back-pay-due' ? f.months : '',
      f.class === 'excluded' ? f.sources.join(' ') : '',
      f.class === 'data-problem' && f.action === 'refer-to-police' ? '移交公安机关登记户籍' : '',
      c ? CHANGE_NAMES_ZH[c] : '',
      where,
    ];
    out += `${row.map(csvField).join(',')}\n`;
  }
  return out;
}

export function badRowsCsv(rows: readonly BadRow[]): string {
  return `${CSV_BOM}名单,行号,列,问题\n${rows.map((r) => [r.source, r.line, r.column ?? '', r.message].map(csvField).join(',')).join('\n')}${rows.length > 0 ? '\n' : ''}`;
}

export interface ScreeningSummary {
  readonly month: string;
  readonly ruleset: string;
  readonly rulesetHash: string;
  readonly generatedAt: string;
  readonly lists: readonly ListReadResult[];
  readonly badRows: number;
  /** Persons classified (with or without findings), persons with findings. */
  readonly screened: number;
  readonly withFindings: number;
  /** One row per area, sorted by code (no-hukou persons under "none"), then the total. */
  readonly areas: readonly SummaryRow[];
  readonly total: SummaryRow;
  readonly previous?: { readonly generatedAt?: string; readonly findings: number };
}

export function summaryRows(
  tally: Tally,
  areaName: (code: string) => string | undefined,
  comparison?: ComparisonTally,
): { areas: SummaryRow[]; total: SummaryRow } {
  const zeroClasses = () =>
    Object.fromEntries(SCREENING_CLASSES.map((c) => [c, 0])) as Record<ScreeningClass, number>;
  const areaNames = [...new Set([...Object.keys(tally), ...Object.keys(comparison ?? {})])].sort();
  const total = {
    screened: 0,
    classes: zeroClasses(),
    problems: {} as Record<string, number>,
    premium: 0,
    backPay: 0,
  };
  const totalComparison = { new: 0, 'still-open': 0, resolved: 0 };
  const areas = areaNames.map((area): SummaryRow => {
    const t = tally[area] ?? { screened: 0, classes: {}, problems: {}, premiumFen: 0, backPayFen: 0 };
    const classes = zeroClasses();
    for (const c of SCREENING_CLASSES) {
      classes[c] = t.classes[c] ?? 0;
      total.classes[c] += classes[c];
    }
    const problems: Record<string, number> = {};
    for (const [k, n] of Object.entries(t.problems)) {
      problems[k] = n ?? 0;
      total.problems[k] = (total.problems[k] ?? 0) + (n ?? 0);
    }
    total.screened += t.screened;
    total.premium += t.premiumFen;
    total.backPay += t.backPayFen;
    const cmp = comparison?.[area];
    if (cmp) for (const k of ['new', 'still-open', 'resolved'] as const) totalComparison[k] += cmp[k];
    return {
      area,
      name: area === NO_AREA ? '无户籍' : (areaName(area) ?? ''),
      screened: t.screened,
      classes,
      problems,
      premiumDue: formatMoney(t.premiumFen as Fen),
      backPayDue: formatMoney(t.backPayFen as Fen),
      ...(comparison ? { comparison: cmp ?? { new: 0, 'still-open': 0, resolved: 0 } } : {}),
    };
  });
  return {
    areas,
    total: {
      area: TOTAL,
      name: '合计',
      screened: total.screened,
      classes: total.classes,
      problems: total.problems,
      premiumDue: formatMoney(total.premium as Fen),
      backPayDue: formatMoney(total.backPay as Fen),
      ...(comparison ? { comparison: totalComparison } : {}),
    },
  };
}

/** The weekly dispatch table (周调度通报) as CSV: one row per area, then the total. */
export function summaryCsv(summary: ScreeningSummary): string {
  const header = summaryHeader(summary.total.comparison !== undefined);
  const lines = [...summary.areas, summary.total].map((r) => summaryCells(r).map(csvField).join(','));
  return `${CSV_BOM}${header.join(',')}\n${lines.join('\n')}\n`;
}
