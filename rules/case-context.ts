/**
 * A case prepared against one ruleset: hukou periods and statuses as month ranges, the contribution
 * record counted, and a log of every parameter value the calculation read (its trace). Periods
 * apply to a month when they are in force on its first day, the monthly payroll's snapshot.
 */
import {
  ageOn,
  type CalendarDate,
  compareDates,
  dateAgeReached,
  firstMonthStartingOnOrAfter,
  type LeapDayBirthday,
  monthOf,
  type YearMonth,
} from './calendar.ts';
import type { Case, StatusKind } from './case.ts';
import { NotCoveredError } from './errors.ts';
import { type Fen, parseMoney } from './money.ts';
import type { ParameterId } from './parameter-ids.ts';
import type { ParameterTrace } from './results.ts';
import type { AreaRules, Ruleset, TimelineEntry } from './ruleset.ts';

const OPEN = Number.POSITIVE_INFINITY;

export interface HukouMonths {
  readonly index: number;
  readonly area: string;
  /** First month the registration makes the benefit due (after the restored-hukou rule). */
  readonly benefitFrom: YearMonth;
  /** First month the registration is usable for enrolment (after any restoration). */
  readonly enrolFrom: YearMonth;
  /** First month no longer covered (exclusive), or Infinity. */
  readonly to: YearMonth;
}

export interface StatusMonths {
  /** Its position in person.statuses, for the path of a problem. */
  readonly index: number;
  readonly from: YearMonth;
  readonly to: YearMonth;
  readonly fromDate: CalendarDate;
  readonly toDate: CalendarDate | undefined;
  readonly open: boolean;
  /** 低保类别, for minimum-living-allowance periods that state it. */
  readonly class: number | undefined;
}

export class CaseContext {
  readonly birthDate: CalendarDate;
  readonly birthYear: number;
  readonly deathMonth: YearMonth | undefined;
  readonly hukou: readonly HukouMonths[];
  readonly statuses: ReadonlyMap<StatusKind, readonly StatusMonths[]>;
  /** Distinct years with a personal or government-paid contribution (make-up years count). */
  readonly contributionYears: number;
  readonly accountBalance: Fen | undefined;
  /** Every parameter value read, in the order first read. */
  readonly used = new Set<ParameterTrace>();
  /**
   * Memos of pure functions of the birth date (keyed by age and leap-day rule, or date and rule),
   * made on first use: a single month's entitlement rarely asks twice.
   */
  private reachedMonths: Map<number, YearMonth> | undefined;
  private agesOnMarch1: Map<CalendarDate, number> | undefined;
  private agesOnFebruary28: Map<CalendarDate, number> | undefined;

  constructor(
    readonly input: Case,
    readonly ruleset: Ruleset,
  ) {
    const { person } = input;
    this.birthDate = person.birthDate;
    this.birthYear = Number(person.birthDate.slice(0, 4));
    this.deathMonth = person.deathDate === undefined ? undefined : monthOf(person.deathDate);
    const hukou = person.hukou.map((h, index) => this.hukouMonths(h, index));
    // A sort allocates even for one item, and most cases have one registration.
    if (hukou.length > 1) hukou.sort((a, b) => a.benefitFrom - b.benefitFrom);
    this.hukou = hukou;
    const statuses = new Map<StatusKind, StatusMonths[]>();
    const statusList = person.statuses ?? [];
    for (let index = 0; index < statusList.length; index++) {
      const s = statusList[index] as (typeof statusList)[number];
      const list = statuses.get(s.kind) ?? [];
      list.push({
        index,
        from: firstMonthStartingOnOrAfter(s.from),
        to: s.to === undefined ? OPEN : firstMonthStartingOnOrAfter(s.to),
        fromDate: s.from,
        toDate: s.to,
        open: s.to === undefined,
        class: s.class,
      });
      statuses.set(s.kind, list);
    }
    this.statuses = statuses;
    const years = new Set<number>();
    for (const c of person.contributions ?? []) {
      if (
        parseMoney(c.personal) > 0 ||
        (c.governmentPaid !== undefined && parseMoney(c.governmentPaid) > 0)
      ) {
        years.add(c.year);
      }
    }
    this.contributionYears = years.size;
    this.accountBalance = person.accountBalance ? parseMoney(person.accountBalance.amount) : undefined;
  }

  private hukouMonths(h: Case['person']['hukou'][number], index: number): HukouMonths {
    const from = firstMonthStartingOnOrAfter(h.from);
    const to = h.to === undefined ? OPEN : firstMonthStartingOnOrAfter(h.to);
    if (h.restoredOn === undefined) return { index, area: h.area, benefitFrom: from, enrolFrom: from, to };
    const enrolFrom = Math.max(from, firstMonthStartingOnOrAfter(h.restoredOn));
    if (!this.ruleset.covers(h.area)) return { index, area: h.area, benefitFrom: from, enrolFrom, to };
    // 恢复户籍 (contract decision 3): the rule in force where and when the registration was restored.
    const afterRestoration = monthOf(h.restoredOn) + 1;
    const decided = Math.max(afterRestoration - 1, this.ruleset.coverageStart);
    const rules = this.ruleset.forArea(h.area);
    const rule = this.read(rules, 'restored-hukou.back-pay', decided).value;
    let benefitFrom = from;
    if (rule === 'from-restoration') benefitFrom = Math.max(from, afterRestoration);
    else if (rule === 'retroactive-capped') {
      const cap = this.read(rules, 'restored-hukou.back-pay-cap-months', decided).value as number;
      benefitFrom = Math.max(from, afterRestoration - cap);
    }
    return { index, area: h.area, benefitFrom, enrolFrom, to };
  }

  /** Reads a parameter value and records it in the trace. */
  read(rules: AreaRules, id: ParameterId, month: YearMonth): TimelineEntry {
    const entry = rules.at(id, month);
    this.used.add(entry.trace);
    return entry;
  }

  /**
   * The registration in force on the first day of `month` for drawing the benefit or for enrolling,
   * if it is in an area the ruleset covers. Months registered elsewhere owe this scheme nothing
   * (国发〔2014〕8号 四: 在户籍地参保); the calculations name them (`assertCovered`, `uncoveredRuns`)
   * rather than answer a silent zero.
   */
  hukouAt(month: YearMonth, purpose: 'benefit' | 'enrolment'): HukouMonths | undefined {
    for (const h of this.hukou) {
      const from = purpose === 'benefit' ? h.benefitFrom : h.enrolFrom;
      if (from <= month && month < h.to) return this.ruleset.covers(h.area) ? h : undefined;
    }
    return undefined;
  }

  /** Refuses a month whose registration is in an area the ruleset does not cover (NotCoveredError). */
  assertCovered(month: YearMonth): void {
    for (const h of this.hukou) {
      if (Math.min(h.benefitFrom, h.enrolFrom) <= month && month < h.to && !this.ruleset.covers(h.area)) {
        throw new NotCoveredError([
          {
            path: `person.hukou[${h.index}].area`,
            message: `ruleset ${this.ruleset.id} does not cover area ${h.area}`,
          },
        ]);
      }
    }
  }

  /** True when some month of [from, to] is registered in a covered area. */
  coveredWithin(from: YearMonth, to: YearMonth): boolean {
    return this.hukou.some(
      (h) => this.ruleset.covers(h.area) && Math.min(h.benefitFrom, h.enrolFrom) <= to && h.to > from,
    );
  }

  /** The registrations in uncovered areas that fall within [from, to], clipped to it, in order. */
  uncoveredRuns(from: YearMonth, to: YearMonth): { from: YearMonth; to: YearMonth; hukou: HukouMonths }[] {
    const runs: { from: YearMonth; to: YearMonth; hukou: HukouMonths }[] = [];
    for (const h of this.hukou) {
      if (this.ruleset.covers(h.area)) continue;
      const start = Math.max(h.benefitFrom, from);
      const end = Math.min(h.to - 1, to);
      if (start <= end) runs.push({ from: start, to: end, hukou: h });
    }
    return runs;
  }

  /** A status period of a kind in force on the first day of `month`; an open one when there is one. */
  statusAt(kind: StatusKind, month: YearMonth): StatusMonths | undefined {
    let found: StatusMonths | undefined;
    for (const s of this.statuses.get(kind) ?? []) {
      if (s.from <= month && month < s.to && (found === undefined || s.open)) found = s;
    }
    return found;
  }

  /** The periods of a status kind in force on any day of `year`. */
  statusesInYear(kind: StatusKind, year: number): StatusMonths[] {
    const first = `${year}-01-01`;
    const next = `${year + 1}-01-01`;
    return (this.statuses.get(kind) ?? []).filter(
      (s) =>
        compareDates(s.fromDate, next) < 0 && (s.toDate === undefined || compareDates(s.toDate, first) > 0),
    );
  }

  /** The first month a right tied to `age` applies, under the area's conventions (contract decision 1). */
  ageStartMonth(rules: AreaRules, age: number, month: YearMonth): YearMonth {
    const convention = this.read(rules, 'age.start-convention', month).value;
    const leapDay = this.leapDay(rules, month);
    // The month an age is reached depends only on (age, leap-day rule): asked once per boundary
    // month of an arrears ledger, worked out once per case.
    const key = leapDay === 'march-1' ? age : -1 - age;
    this.reachedMonths ??= new Map();
    let reachedMonth = this.reachedMonths.get(key);
    if (reachedMonth === undefined) {
      reachedMonth = monthOf(dateAgeReached(this.birthDate, age, leapDay));
      this.reachedMonths.set(key, reachedMonth);
    }
    if (convention === 'birthday-month') return reachedMonth;
    if (convention === 'january-of-year') return Math.floor(reachedMonth / 12) * 12;
    return reachedMonth + 1;
  }

  leapDay(rules: AreaRules, month: YearMonth): LeapDayBirthday {
    return this.read(rules, 'age.leap-day-birthday', month).value as LeapDayBirthday;
  }

  ageOnDate(rules: AreaRules, date: CalendarDate, month: YearMonth): number {
    const leapDay = this.leapDay(rules, month);
    let memo = leapDay === 'march-1' ? this.agesOnMarch1 : this.agesOnFebruary28;
    if (memo === undefined) {
      memo = new Map();
      if (leapDay === 'march-1') this.agesOnMarch1 = memo;
      else this.agesOnFebruary28 = memo;
    }
    let age = memo.get(date);
    if (age === undefined) {
      age = ageOn(this.birthDate, date, leapDay);
      memo.set(date, age);
    }
    return age;
  }

  /** Ids of the provisional parameters read so far, sorted. */
  provisionalIds(): string[] {
    // Kept sorted as it is built (a handful of ids; Array#sort would allocate a work copy), and
    // an id read at several values (an arrears window across a change) is listed once.
    const ids: string[] = [];
    for (const t of this.used) {
      if (!t.provisional) continue;
      let at = ids.length;
      while (at > 0 && (ids[at - 1] as string) > t.id) at--;
      if (at > 0 && ids[at - 1] === t.id) continue;
      ids.splice(at, 0, t.id);
    }
    return ids;
  }
}
