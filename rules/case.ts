/**
 * The case: the request body of the three calculation endpoints (shared contract, "The case").
 * `CaseSchema` is the machine form of the contract: strict objects (an unknown key is an error, not
 * silently dropped), money as two-decimal strings, calendar dates, no coercion.
 * `parseCase` adds the checks a schema cannot make (check digit, death before birth, overlaps) and
 * reports each with the path of the field at fault.
 */
import * as z from 'zod';
import { compareDates, dateParts, monthOf, parseYearMonth, yearOf } from './calendar.ts';
import { CaseShapeError, type FieldProblem, ImpossibleCaseError } from './errors.ts';
import { isMoneyString } from './money.ts';
import { residentIdBirthDate, residentIdProblem } from './resident-id.ts';
import { fastPath } from './schema-fast-path.ts';

export const STATUS_KINDS = [
  'registered-poor',
  'minimum-living-allowance',
  'extreme-hardship',
  'severe-disability',
  'returned-to-poverty',
  'student',
  'employee-pension',
  'active-military',
  'imprisoned',
  'survival-unverified',
  'settled-abroad',
  // Added with ruleset 2026.2 (Gansu's 2018 government-paid premium groups, Tianshui 2018-11-20):
  'family-planning-household',
  'lifted-out-of-poverty',
] as const;
export type StatusKind = (typeof STATUS_KINDS)[number];

const MIN_YEAR = 1880;
const MAX_YEAR = 2100;

/** Within the years a case may name. */
const yearInRange = (year: number) => year >= MIN_YEAR && year <= MAX_YEAR;
const YEAR_RANGE = `must be between ${MIN_YEAR} and ${MAX_YEAR}`;

/**
 * A string field with all its checks as one zod check: a chain of regex and refinements costs a
 * check each, and every case has dozens of these fields. Each problem names the first thing wrong.
 * The pattern goes in the metadata, where the OpenAPI document takes it from.
 */
function checkedString(
  problem: (text: string) => string | undefined,
  meta: { description: string; example: string; pattern: string },
) {
  return z
    .string()
    .check(
      z.check<string>((ctx) => {
        const message = problem(ctx.value);
        if (message !== undefined) ctx.issues.push({ code: 'custom', input: ctx.value, message });
      }),
    )
    .meta(meta);
}

// Dates and months are read by the calendar's own parsers; this pattern only words the error.
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/*
 * What the OpenAPI document publishes for a date, a month and an amount: a pattern accepting
 * exactly the strings these schemas accept, so that a client (or a generator) checking against the
 * document meets no 400 the document did not announce. The checks themselves stay the z.check
 * functions above and below (read by character, much faster than these expressions); the test
 * "the published patterns" holds each pattern to its schema on every day of 1870–2110.
 */
/** The years MIN_YEAR–MAX_YEAR (1880–2100). */
const YEAR = '(?:18[89]\\d|19\\d{2}|20\\d{2}|2100)';
/** February 29 exists in the leap years of MIN_YEAR–MAX_YEAR: by 4, but not 1900 nor 2100. */
const LEAP_YEAR = '(?:18(?:8[048]|9[26])|19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))';
const MONTH_DAY =
  '(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))';
export const PUBLISHED_DATE_PATTERN = `^(?:${YEAR}-${MONTH_DAY}|${LEAP_YEAR}-02-29)$`;
export const PUBLISHED_MONTH_PATTERN = `^${YEAR}-(?:0[1-9]|1[0-2])$`;
/** Up to 13 integer digits (rules/money.ts), never negative in a request. */
export const PUBLISHED_MONEY_PATTERN = '^\\d{1,13}\\.\\d{2}$';
/** The same, signed: an answer's amounts and a recorded arrears total may be negative. */
const PUBLISHED_SIGNED_MONEY_PATTERN = '^-?\\d{1,13}\\.\\d{2}$';
export const DateSchema = checkedString(
  (d) => {
    const parts = dateParts(d);
    if (parts === undefined)
      return DATE_PATTERN.test(d) ? 'is not a calendar date' : 'must be a date YYYY-MM-DD';
    return yearInRange(parts.year) ? undefined : YEAR_RANGE;
  },
  {
    description: `A calendar date, YYYY-MM-DD, of the years ${MIN_YEAR}–${MAX_YEAR}`,
    example: '2020-04-19',
    pattern: PUBLISHED_DATE_PATTERN,
  },
);

export const MonthSchema = checkedString(
  (m) => {
    const month = parseYearMonth(m);
    if (month === undefined) return 'must be a month YYYY-MM';
    return yearInRange(yearOf(month)) ? undefined : YEAR_RANGE;
  },
  {
    description: `A month, YYYY-MM, of the years ${MIN_YEAR}–${MAX_YEAR}`,
    example: '2020-05',
    pattern: PUBLISHED_MONTH_PATTERN,
  },
);

export const MoneySchema = checkedString(
  (m) => {
    if (!isMoneyString(m)) return 'must be an amount in yuan with exactly two decimals, e.g. "105.00"';
    return m.startsWith('-') ? 'must not be negative' : undefined;
  },
  {
    description: 'Yuan with exactly two decimals, as a string; not negative',
    example: '105.00',
    pattern: PUBLISHED_MONEY_PATTERN,
  },
);

/** Money that may be negative: in answers (an overpayment) and in a case set's recorded arrears. */
export const SignedMoneySchema = checkedString(
  (m) => (isMoneyString(m) ? undefined : 'must be yuan with exactly two decimals'),
  {
    description: 'Yuan with exactly two decimals, as a string',
    example: '105.00',
    pattern: PUBLISHED_SIGNED_MONEY_PATTERN,
  },
);

export const AreaSchema = z
  .string()
  .regex(/^\d{6}$/, 'must be a 6-digit administrative division code (GB/T 2260)')
  .meta({ description: 'GB/T 2260 administrative division code', example: '620502' });

export const RulesetIdSchema = z
  .string()
  .regex(/^\d{4}\.\d{1,4}$/, 'must be a ruleset id YYYY.N')
  .meta({ example: '2026.1' });

const HukouSchema = z.strictObject({
  area: AreaSchema,
  from: DateSchema,
  to: DateSchema.optional(),
  restoredOn: DateSchema.optional().meta({
    description: '恢复户籍 / 补录: the day the registration was restored',
  }),
});

/** A whole number within [min, max], one check like the string fields. */
function intInRange(min: number, max: number) {
  return z
    .number()
    .check(
      z.check<number>((ctx) => {
        const n = ctx.value;
        const message = !Number.isInteger(n)
          ? 'must be a whole number'
          : n >= min && n <= max
            ? undefined
            : `must be between ${min} and ${max}`;
        if (message !== undefined) ctx.issues.push({ code: 'custom', input: n, message });
      }),
    )
    .meta({ type: 'integer', minimum: min, maximum: max });
}

/** The 低保 classes (一类 to 四类) a status may state. */
export const LIVING_ALLOWANCE_CLASSES = [1, 2, 3, 4] as const;

const StatusSchema = z.strictObject({
  kind: z.enum(STATUS_KINDS),
  from: DateSchema,
  to: DateSchema.optional(),
  class: intInRange(1, LIVING_ALLOWANCE_CLASSES.length).optional().meta({
    description:
      '低保类别 (一类 to 四类), for kind minimum-living-allowance only: from 2018 Gansu pays the premium for class 1–2 only',
  }),
});

/** A calendar year as a whole number, one check (z.int().min().max() is three). */
const YearSchema = intInRange(MIN_YEAR, MAX_YEAR);

const ContributionSchema = z.strictObject({
  year: YearSchema,
  personal: MoneySchema,
  governmentPaid: MoneySchema.optional(),
  subsidy: MoneySchema.optional(),
  makeUp: z.boolean().optional(),
});

const PaymentSchema = z.strictObject({ from: MonthSchema, to: MonthSchema, monthly: MoneySchema });

export const PersonSchema = z.strictObject({
  idNumber: z
    .string()
    .regex(/^\d{17}[\dXx]$/, 'must be 18 characters: 17 digits, then a digit or X (GB 11643-1999)')
    .optional()
    .meta({ description: '公民身份号码 (GB 11643-1999); checked, never echoed, logged or stored in clear' }),
  birthDate: DateSchema,
  deathDate: DateSchema.optional(),
  hukou: z.array(HukouSchema).max(100),
  statuses: z.array(StatusSchema).max(200).optional(),
  contributions: z.array(ContributionSchema).max(150).optional(),
  accountBalance: z.strictObject({ amount: MoneySchema, asOf: DateSchema }).optional(),
});

export const CaseSchema = z.strictObject({
  person: PersonSchema,
  payments: z.array(PaymentSchema).max(500).optional(),
  month: MonthSchema,
  ruleset: RulesetIdSchema.optional(),
});

export type Case = z.infer<typeof CaseSchema>;
export type Person = Case['person'];

/** A zod issue path as the contract writes it: person.hukou[0].area */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/**
 * Zod issues as field problems; the union/enum detail stays in `message`. Zod reports unknown keys
 * as one issue at the object holding them (the root of a body has the empty path), so each key
 * becomes its own problem at its own path: `errors[].path` names the field to remove.
 */
export function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: formatPath([...issue.path, key]),
          message: 'is not a field the contract defines',
        }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
}

/** CaseSchema's fast path (schema-fast-path.ts): zod's output for the common, valid body. */
const fastCase = /* @__PURE__ */ fastPath(CaseSchema);

/** Validates the shape of a request body (CaseShapeError naming every field at fault). */
export function shapeCase(body: unknown): Case {
  const fast = fastCase(body);
  if (fast !== undefined) return fast;
  const parsed = CaseSchema.safeParse(body);
  if (!parsed.success) throw new CaseShapeError(zodProblems(parsed.error));
  return parsed.data;
}

/** Validates shape (CaseShapeError) and sense (ImpossibleCaseError) of a request body. */
export function parseCase(body: unknown): Case {
  const input = shapeCase(body);
  checkCase(input);
  return input;
}

/** The checks of sense on an already well-shaped case. */
export function checkCase(input: Case): void {
  const problems: FieldProblem[] = [];
  const { person } = input;
  const birth = person.birthDate;
  const add = (path: string, message: string) => problems.push({ path, message });

  if (person.idNumber !== undefined) {
    const problem = residentIdProblem(person.idNumber);
    if (problem === 'shape')
      add('person.idNumber', 'must be 17 digits followed by a digit or X (GB 11643-1999)');
    else if (problem === 'check-digit') add('person.idNumber', 'the check digit is wrong (GB 11643-1999)');
    else if (problem === 'birth-date')
      add('person.idNumber', 'the birth date in the ID number is not a real date');
    else if (residentIdBirthDate(person.idNumber) !== birth) {
      add('person.idNumber', 'the birth date in the ID number differs from person.birthDate');
    }
  }
  if (person.deathDate !== undefined && compareDates(person.deathDate, birth) < 0) {
    add('person.deathDate', 'is before person.birthDate');
  }
  const monthIndex = parseYearMonth(input.month) as number;
  if (monthIndex < monthOf(birth)) add('month', 'is before the month of birth');

  const periods = (list: readonly { from: string; to?: string | undefined }[], field: string) => {
    list.forEach((p, i) => {
      if (compareDates(p.from, birth) < 0) add(`${field}[${i}].from`, 'is before person.birthDate');
      if (p.to !== undefined && compareDates(p.to, p.from) <= 0)
        add(`${field}[${i}].to`, 'must be after from');
    });
  };
  periods(person.hukou, 'person.hukou');
  periods(person.statuses ?? [], 'person.statuses');
  (person.statuses ?? []).forEach((s, i) => {
    if (s.class !== undefined && s.kind !== 'minimum-living-allowance') {
      add(`person.statuses[${i}].class`, 'is given only for kind minimum-living-allowance (低保类别)');
    }
  });

  person.hukou.forEach((h, i) => {
    if (h.restoredOn !== undefined && compareDates(h.restoredOn, h.from) < 0) {
      add(`person.hukou[${i}].restoredOn`, 'is before the period it restores');
    }
  });
  // Overlaps need two registrations; most cases have one (and a sort allocates even for one).
  const sorted =
    person.hukou.length < 2
      ? []
      : person.hukou.map((h, i) => ({ h, i })).sort((a, b) => compareDates(a.h.from, b.h.from));
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1] as (typeof sorted)[number];
    const next = sorted[k] as (typeof sorted)[number];
    if (prev.h.to === undefined || compareDates(next.h.from, prev.h.to) < 0) {
      add(
        `person.hukou[${next.i}].from`,
        `overlaps person.hukou[${prev.i}]: a person has one hukou at a time`,
      );
    }
  }
  const birthYear = Number(birth.slice(0, 4));
  (person.contributions ?? []).forEach((c, i) => {
    if (c.year < birthYear) add(`person.contributions[${i}].year`, 'is before the year of birth');
  });
  (input.payments ?? []).forEach((p, i) => {
    if ((parseYearMonth(p.to) as number) < (parseYearMonth(p.from) as number)) {
      add(`payments[${i}].to`, 'is before from');
    }
  });
  if (person.accountBalance && compareDates(person.accountBalance.asOf, birth) < 0) {
    add('person.accountBalance.asOf', 'is before person.birthDate');
  }
  if (problems.length > 0) throw new ImpossibleCaseError(problems);
}
