/**
 * Classifies one person of a coverage screening (应保尽保): the records every list holds for one ID
 * number (a bundle) become one case of the contract, and the engine (rules/) says what is owed under
 * the chosen ruleset and month. Pure: no I/O, no clock; the same bundle always gives the same result.
 *
 * Every threshold is the ruleset's: the enrolment age (enrolment.minimum-age, 国发〔2014〕8号), the
 * premium ages and amounts (government-paid-premium.*), the benefit start and contribution years
 * (benefit.*), the exclusions (the engine's enrolment reasons). This module only compares the
 * engine's answer with what the pension roll records.
 */
import { formatYearMonth, parseYearMonth } from '../../rules/calendar.ts';
import {
  assessArrears,
  assessEligibility,
  type Case,
  parseCase,
  type ReasonCode,
  RulesError,
  type Ruleset,
  type StatusKind,
} from '../../rules/index.ts';
import { parseMoney } from '../../rules/money.ts';
import type { DataProblem } from './classes.ts';
import {
  EXCLUSION_REASONS,
  type ExclusionRecord,
  type HardshipRecord,
  type HukouRecord,
  type InvalidIdRecord,
  type RollRecord,
  type ScreeningRecord,
  type SourceLine,
} from './lists.ts';

/** The enrolment reasons an exclusion list explains (rules/assess.ts), and the status behind each. */
const EXCLUSION_CODES: Partial<Record<ReasonCode, StatusKind | 'death'>> = {
  STUDENT: 'student',
  EMPLOYEE_PENSION: 'employee-pension',
  ACTIVE_MILITARY: 'active-military',
  IMPRISONED: 'imprisoned',
  SETTLED_ABROAD: 'settled-abroad',
  DECEASED: 'death',
};

export type Finding =
  | { readonly class: 'should-enrol' }
  | {
      readonly class: 'premium-due';
      readonly year: number;
      readonly amount: string;
      readonly category: string;
    }
  | { readonly class: 'should-draw'; readonly since: string }
  | {
      readonly class: 'back-pay-due';
      readonly from: string;
      readonly to: string;
      readonly months: number;
      readonly amount: string;
    }
  | { readonly class: 'excluded'; readonly reason: ReasonCode; readonly sources: readonly string[] }
  | {
      readonly class: 'data-problem';
      readonly problem: DataProblem;
      readonly action?: 'refer-to-police';
      readonly detail?: string;
    };

export interface PersonResult {
  /** The ID number's keyed pseudonym. */
  readonly person: string;
  /** The hukou's county (GB/T 2260), or null when the person has none in the roster. */
  readonly area: string | null;
  readonly township: string | null;
  readonly findings: readonly Finding[];
  /** The rows the person was found on (file and line), for the offices' follow-up. */
  readonly lines: readonly SourceLine[];
}

/** All the records of one ID number, in list order (./bundles.ts). */
export interface Bundle {
  readonly person: string;
  readonly records: readonly ScreeningRecord[];
}

const linesOf = (records: readonly ScreeningRecord[]): SourceLine[] =>
  records.map((r) => ({ source: r.source, line: r.line }));

/**
 * The person's findings, or undefined when the person is not one the screening covers (on the roll
 * or an exclusion list only, with no hukou in the roster and no hardship status).
 */
export function classifyPerson(bundle: Bundle, ruleset: Ruleset, month: string): PersonResult | undefined {
  const { person, records } = bundle;
  const lines = linesOf(records);
  const result = (findings: Finding[], hukou?: HukouRecord): PersonResult => ({
    person,
    area: hukou?.area ?? null,
    township: hukou ? (hukou.township ?? hukou.area) : null,
    findings,
    lines,
  });
  const invalid = records.filter((r): r is InvalidIdRecord => r.list === 'invalid-id');
  if (invalid.length > 0) {
    const first = invalid[0] as InvalidIdRecord;
    const detail =
      first.why === 'check-digit' ? 'check digit' : first.why === 'birth-date' ? 'birth date' : 'shape';
    return {
      ...result([{ class: 'data-problem', problem: 'invalid-id', detail }]),
      area: invalid.find((r) => r.area !== undefined)?.area ?? null,
      township: null,
    };
  }
  const hukou = records.filter((r): r is HukouRecord => r.list === 'hukou');
  const hardship = records.filter((r): r is HardshipRecord => r.list === 'hardship');
  const roll = records.filter((r): r is RollRecord => r.list === 'roll');
  const exclusions = records.filter((r): r is ExclusionRecord => r.list === 'exclusions');
  const home = hukou[0];

  if (hukou.length > 1 || roll.length > 1) {
    const list = hukou.length > 1 ? 'hukou' : 'roll';
    return result([{ class: 'data-problem', problem: 'duplicate', detail: list }], home);
  }
  const births = new Set<string>();
  for (const r of records) {
    if (r.list === 'invalid-id') continue;
    births.add(r.idBirthDate);
    if (r.birthDate !== undefined) births.add(r.birthDate);
  }
  if (births.size > 1) return result([{ class: 'data-problem', problem: 'birth-date-mismatch' }], home);
  if (home === undefined) {
    if (hardship.length === 0) return undefined;
    // 户籍 registration is the police's: a resident in hardship with no hukou is referred to them.
    return result([{ class: 'data-problem', problem: 'hardship-without-hukou', action: 'refer-to-police' }]);
  }
  const input = caseOf(home, hardship, roll[0], exclusions, month);
  try {
    return result(findingsOf(parseCase(input), ruleset, roll[0], exclusions), home);
  } catch (error) {
    if (!(error instanceof RulesError)) throw error;
    // The engine's message names fields of the case built here and the rule broken, never an ID.
    return result([{ class: 'data-problem', problem: 'cannot-assess', detail: error.message }], home);
  }
}

/** The contract's case for a person: hukou, statuses, death, contribution years, the month. */
function caseOf(
  home: HukouRecord,
  hardship: readonly HardshipRecord[],
  roll: RollRecord | undefined,
  exclusions: readonly ExclusionRecord[],
  month: string,
): Case {
  const birthDate = home.idBirthDate;
  const registeredOn = home.registeredOn ?? birthDate;
  const statuses: NonNullable<Case['person']['statuses']> = hardship.map((h) => ({
    kind: h.kind,
    from: h.from,
    ...(h.to !== undefined ? { to: h.to } : {}),
    ...(h.class !== undefined ? { class: h.class } : {}),
  }));
  let deathDate: string | undefined;
  for (const e of exclusions) {
    const kind = EXCLUSION_REASONS[e.reason];
    if (kind === 'death') {
      if (deathDate === undefined || e.from < deathDate) deathDate = e.from;
    } else statuses.push({ kind, from: e.from, ...(e.to !== undefined ? { to: e.to } : {}) });
  }
  return {
    person: {
      birthDate,
      ...(deathDate !== undefined ? { deathDate } : {}),
      hukou: [
        {
          area: home.area,
          from: registeredOn,
          ...(home.status === 'cancelled' && home.cancelledOn !== undefined ? { to: home.cancelledOn } : {}),
          ...(home.status === 'restored' && home.restoredOn !== undefined
            ? { restoredOn: home.restoredOn }
            : {}),
        },
      ],
      statuses,
      contributions: contributionsOf(roll, birthDate, month),
    },
    month,
  };
}

/**
 * The roll states how many years were contributed and which years the government paid; the engine
 * counts distinct contribution years (benefit.minimum-contribution-years, the long-contribution
 * bonus) and reads no amount of them for eligibility. The government-paid years are given as such;
 * the rest of the count as personal years before them, latest first. The amounts are nominal, and
 * the account pension (which needs the rights record's balance) is not part of a screening.
 */
function contributionsOf(
  roll: RollRecord | undefined,
  birthDate: string,
  month: string,
): NonNullable<Case['person']['contributions']> {
  if (roll === undefined) return [];
  const paid = new Set(roll.governmentPaidYears);
  const out: NonNullable<Case['person']['contributions']> = [...paid]
    .sort((a, b) => a - b)
    .map((year) => ({ year, personal: '0.00', governmentPaid: '1.00' }));
  const birthYear = Number(birthDate.slice(0, 4));
  let year = Number(month.slice(0, 4));
  while (out.length < roll.contributionYears && year >= birthYear) {
    if (!paid.has(year)) out.push({ year, personal: '1.00' });
    year--;
  }
  return out;
}

function findingsOf(
  input: Case,
  ruleset: Ruleset,
  roll: RollRecord | undefined,
  exclusions: readonly ExclusionRecord[],
): Finding[] {
  const findings: Finding[] = [];
  const eligibility = assessEligibility(input, ruleset);
  const enrolled = roll !== undefined;
  if (eligibility.enrolment.eligible && !enrolled) findings.push({ class: 'should-enrol' });

  const premium = eligibility.governmentPaidPremium;
  if (premium && !(roll?.governmentPaidYears.includes(premium.year) ?? false)) {
    findings.push({
      class: 'premium-due',
      year: premium.year,
      amount: premium.amount,
      category: premium.category,
    });
  }

  const month = parseYearMonth(input.month) as number;
  const since = eligibility.benefit.since;
  if (eligibility.benefit.eligible && since !== undefined) {
    const drawingSince = roll?.drawingSince;
    if (drawingSince === undefined) findings.push({ class: 'should-draw', since });
    // Months owed before the roll's first paid month (or, for someone not drawing, before this
    // month): the arrears ledger of the engine over exactly those months.
    const end =
      Math.min(month, drawingSince === undefined ? month : (parseYearMonth(drawingSince) as number)) - 1;
    if (end >= (parseYearMonth(since) as number)) {
      const arrears = assessArrears({ ...input, month: formatYearMonth(end) }, ruleset);
      if (parseMoney(arrears.total) > 0) {
        findings.push({
          class: 'back-pay-due',
          from: arrears.from,
          to: arrears.to,
          months: arrears.months,
          amount: arrears.total,
        });
      }
    }
  }

  // The unenrolled whom an exclusion list explains: each reason with the lists that gave it. Those
  // under the enrolment age or without a local hukou this month are outside the screening's reach.
  const codes = eligibility.enrolment.reasons.map((r) => r.code);
  const outside = codes.some(
    (c) => c === 'UNDER_16' || c === 'NO_LOCAL_HUKOU' || c === 'SCHEME_NOT_LAUNCHED',
  );
  if (!enrolled && !outside) {
    for (const code of codes) {
      const kind = EXCLUSION_CODES[code];
      if (kind === undefined) continue;
      const sources = [
        ...new Set(exclusions.filter((e) => EXCLUSION_REASONS[e.reason] === kind).map((e) => e.source)),
      ];
      findings.push({ class: 'excluded', reason: code, sources });
    }
  }
  return findings;
}
