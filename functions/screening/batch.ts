/**
 * The unit of work of a screening, the same wherever it runs: bundles of records (one per person)
 * classified under one ruleset and month, giving each person's result and a mergeable tally per
 * area and class. The CLI's worker threads, the API's runner and the Step Functions batch Lambda
 * (functions/screening-batch) all call `screenBundles`; results never depend on how bundles are
 * batched, and bundles are ordered by person key, so every run of the same lists agrees line by line.
 */
import type { Ruleset } from '../../rules/index.ts';
import { parseMoney } from '../../rules/money.ts';
import type { ScreeningClass } from './classes.ts';
import { type Bundle, classifyPerson, type PersonResult } from './classify.ts';
import { LIST_KINDS, type ScreeningRecord } from './lists.ts';
import { NO_AREA } from './summary-table.ts';

interface AreaTally {
  /** Persons of the area classified (with or without findings). */
  screened: number;
  /** Persons with at least one finding of the class. */
  classes: Partial<Record<ScreeningClass, number>>;
  /** Data problems by kind (persons). */
  problems: Partial<Record<string, number>>;
  /** Sums in fen: government-paid premiums due, back pay due. */
  premiumFen: number;
  backPayFen: number;
}

/** Area code (or "none") → its tally. */
export type Tally = Record<string, AreaTally>;

function areaTally(tally: Tally, area: string): AreaTally {
  tally[area] ??= { screened: 0, classes: {}, problems: {}, premiumFen: 0, backPayFen: 0 };
  return tally[area];
}

function tallyPerson(tally: Tally, result: PersonResult): void {
  const t = areaTally(tally, result.area ?? NO_AREA);
  t.screened++;
  const seen = new Set<ScreeningClass>();
  for (const f of result.findings) {
    if (!seen.has(f.class)) {
      seen.add(f.class);
      t.classes[f.class] = (t.classes[f.class] ?? 0) + 1;
    }
    if (f.class === 'premium-due') t.premiumFen += parseMoney(f.amount);
    if (f.class === 'back-pay-due') t.backPayFen += parseMoney(f.amount);
    if (f.class === 'data-problem') t.problems[f.problem] = (t.problems[f.problem] ?? 0) + 1;
  }
}

/** Adds `from` into `into` (associative: any batching gives the same totals). */
export function mergeTally(into: Tally, from: Tally): Tally {
  for (const [area, t] of Object.entries(from)) {
    const a = areaTally(into, area);
    a.screened += t.screened;
    a.premiumFen += t.premiumFen;
    a.backPayFen += t.backPayFen;
    for (const [k, n] of Object.entries(t.classes)) {
      const c = k as ScreeningClass;
      a.classes[c] = (a.classes[c] ?? 0) + (n ?? 0);
    }
    for (const [k, n] of Object.entries(t.problems)) a.problems[k] = (a.problems[k] ?? 0) + (n ?? 0);
  }
  return into;
}

export interface BatchResult {
  /** Persons with findings, in bundle order. */
  readonly persons: PersonResult[];
  readonly tally: Tally;
}

export function screenBundles(bundles: readonly Bundle[], ruleset: Ruleset, month: string): BatchResult {
  const persons: PersonResult[] = [];
  const tally: Tally = {};
  for (const bundle of bundles) {
    const result = classifyPerson(bundle, ruleset, month);
    if (result === undefined) continue;
    tallyPerson(tally, result);
    if (result.findings.length > 0) persons.push(result);
  }
  return { persons, tally };
}

const LIST_ORDER: Record<string, number> = Object.fromEntries(
  [...LIST_KINDS, 'invalid-id'].map((k, i) => [k, i]),
);

/** A record's place in its bundle: list kind, file name, line. */
function compareRecords(a: ScreeningRecord, b: ScreeningRecord): number {
  return (
    (LIST_ORDER[a.list] ?? 0) - (LIST_ORDER[b.list] ?? 0) ||
    (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) ||
    a.line - b.line
  );
}

/** Groups records by person into bundles, ordered by person key, each bundle's records in list order. */
export function bundleRecords(records: Iterable<ScreeningRecord>): Bundle[] {
  const byPerson = new Map<string, ScreeningRecord[]>();
  for (const r of records) {
    const list = byPerson.get(r.person);
    if (list) list.push(r);
    else byPerson.set(r.person, [r]);
  }
  return [...byPerson.keys()]
    .sort()
    .map((person) => ({ person, records: (byPerson.get(person) as ScreeningRecord[]).sort(compareRecords) }));
}
