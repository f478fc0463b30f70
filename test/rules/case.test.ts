import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MoneySchema,
  PUBLISHED_DATE_PATTERN,
  PUBLISHED_MONEY_PATTERN,
  PUBLISHED_MONTH_PATTERN,
} from '../../rules/case.ts';
import {
  CaseSchema,
  CaseShapeError,
  checkCase,
  DateSchema,
  formatPath,
  ImpossibleCaseError,
  MonthSchema,
  parseCase,
  zodProblems,
} from '../../rules/index.ts';
import { checkCharacter } from '../../rules/resident-id.ts';

const base = () => ({
  person: {
    birthDate: '1949-12-31',
    hukou: [{ area: '620502', from: '1949-12-31' }],
  },
  month: '2020-05',
});

type Body = ReturnType<typeof base> & Record<string, unknown>;

function withPerson(person: Record<string, unknown>, rest: Record<string, unknown> = {}): Body {
  const b = base();
  return { ...b, ...rest, person: { ...b.person, ...person } } as Body;
}

/** The outcome of parsing: the error class (400 shape or 422 sense) and each problem's path. */
function outcome(body: unknown): { status: 400 | 422; problems: { path: string; message: string }[] } {
  try {
    parseCase(body);
  } catch (error) {
    if (error instanceof CaseShapeError) return { status: 400, problems: [...error.errors] };
    if (error instanceof ImpossibleCaseError) return { status: 422, problems: [...error.errors] };
    throw error;
  }
  throw new Error('the case was accepted');
}

describe('a well-formed case', () => {
  it('parses the contract example (with a valid ID number) unchanged', () => {
    const body = {
      person: {
        idNumber: '11010519491231002X',
        birthDate: '1949-12-31',
        deathDate: '2023-02-10',
        hukou: [
          { area: '620502', from: '1949-12-31', to: '2008-03-01' },
          { area: '620502', from: '2008-03-01', restoredOn: '2020-04-19' },
        ],
        statuses: [{ kind: 'registered-poor', from: '2014-01-01', to: '2021-01-01' }],
        contributions: [
          { year: 2020, personal: '0.00', governmentPaid: '100.00', subsidy: '30.00', makeUp: false },
        ],
        accountBalance: { amount: '13900.00', asOf: '2020-04-30' },
      },
      payments: [{ from: '2020-05', to: '2020-12', monthly: '105.00' }],
      month: '2020-05',
      ruleset: '2026.1',
    };
    expect(parseCase(body)).toEqual(body);
  });

  it('needs only birthDate, hukou (possibly empty) and month', () => {
    expect(parseCase({ person: { birthDate: '2000-01-01', hukou: [] }, month: '2020-01' })).toBeTruthy();
  });

  it('accepts a lowercase x in the ID number', () => {
    expect(() => parseCase(withPerson({ idNumber: '11010519491231002x' }))).not.toThrow();
  });
});

describe('400: the request does not match the contract', () => {
  it.each([
    ['an unknown top-level key', { ...base(), extra: 1 }, 'extra'],
    ['an unknown person key', withPerson({ name: '张三' }), 'person.name'],
    [
      'an unknown hukou key',
      withPerson({ hukou: [{ area: '620502', from: '1949-12-31', x: 1 }] }),
      'person.hukou[0].x',
    ],
    ['a missing birthDate', { person: { hukou: [] }, month: '2020-05' }, 'person.birthDate'],
    ['a missing hukou', { person: { birthDate: '1949-12-31' }, month: '2020-05' }, 'person.hukou'],
    ['a missing month', { person: base().person }, 'month'],
    ['a missing person', { month: '2020-05' }, 'person'],
    ['an invalid date 2023-02-29', withPerson({ deathDate: '2023-02-29' }), 'person.deathDate'],
    ['a date with a time', withPerson({ birthDate: '1949-12-31T00:00:00Z' }), 'person.birthDate'],
    ['a date before 1880', withPerson({ birthDate: '1879-12-31' }), 'person.birthDate'],
    ['a month 2020-13', { ...base(), month: '2020-13' }, 'month'],
    ['a month 2020-5', { ...base(), month: '2020-5' }, 'month'],
    ['a month after 2100', { ...base(), month: '2101-01' }, 'month'],
    [
      'a money number',
      withPerson({ accountBalance: { amount: 13900, asOf: '2020-04-30' } }),
      'person.accountBalance.amount',
    ],
    [
      'money with one decimal',
      withPerson({ accountBalance: { amount: '13900.0', asOf: '2020-04-30' } }),
      'person.accountBalance.amount',
    ],
    [
      'negative money',
      withPerson({ contributions: [{ year: 2020, personal: '-100.00' }] }),
      'person.contributions[0].personal',
    ],
    [
      'an unknown status kind',
      withPerson({ statuses: [{ kind: 'retired', from: '2010-01-01' }] }),
      'person.statuses[0].kind',
    ],
    [
      'a short area code',
      withPerson({ hukou: [{ area: '6205', from: '1949-12-31' }] }),
      'person.hukou[0].area',
    ],
    [
      'a fractional contribution year',
      withPerson({ contributions: [{ year: 2020.5, personal: '100.00' }] }),
      'person.contributions[0].year',
    ],
    [
      'a contribution year before 1880',
      withPerson({ contributions: [{ year: 1879, personal: '100.00' }] }),
      'person.contributions[0].year',
    ],
    [
      'a contribution year as a string',
      withPerson({ contributions: [{ year: '2020', personal: '100.00' }] }),
      'person.contributions[0].year',
    ],
    [
      'a string makeUp flag',
      withPerson({ contributions: [{ year: 2020, personal: '100.00', makeUp: 'yes' }] }),
      'person.contributions[0].makeUp',
    ],
    [
      'a payment month as a date',
      { ...base(), payments: [{ from: '2020-05-01', to: '2020-06', monthly: '88.00' }] },
      'payments[0].from',
    ],
    ['a ruleset id 2026-1', { ...base(), ruleset: '2026-1' }, 'ruleset'],
    ['an over-long ID number', withPerson({ idNumber: '1'.repeat(33) }), 'person.idNumber'],
    ['an ID number of the wrong shape', withPerson({ idNumber: '11010519491231002' }), 'person.idNumber'],
  ])('rejects %s', (_label, body, path) => {
    const { status, problems } = outcome(body);
    expect(status).toBe(400);
    expect(problems.map((p) => p.path)).toContain(path);
    for (const p of problems) expect(p.message.length).toBeGreaterThan(0);
  });

  it('says what is wrong with a contribution year', () => {
    const message = (year: unknown) =>
      outcome(withPerson({ contributions: [{ year, personal: '100.00' }] })).problems[0]?.message;
    expect(message(2020.5)).toBe('must be a whole number');
    expect(message(2101)).toBe('must be between 1880 and 2100');
    expect(message(Number.NaN)).toMatch(/expected number/);
  });

  it('does not coerce: a number where a date belongs is an error, not a date', () => {
    expect(outcome(withPerson({ birthDate: 19491231 })).problems[0]?.path).toBe('person.birthDate');
  });

  it('names every bad field at once', () => {
    const { problems } = outcome({ person: { birthDate: 'x', hukou: 'y' }, month: 'z' });
    expect([...new Set(problems.map((p) => p.path))].sort()).toEqual([
      'month',
      'person.birthDate',
      'person.hukou',
    ]);
  });
});

describe('422: the case is well formed but impossible', () => {
  it.each([
    [
      'a wrong ID check digit',
      withPerson({ idNumber: '110105194912310021' }),
      'person.idNumber',
      /check digit/,
    ],
    [
      'an ID birth date that is not a date',
      withPerson({ idNumber: `11010520230229002${checkCharacter('11010520230229002')}` }),
      'person.idNumber',
      /not a real date/,
    ],
    [
      'an ID birth date that differs from birthDate',
      withPerson({ idNumber: '360426199101010071' }),
      'person.idNumber',
      /differs/,
    ],
    [
      'death before birth',
      withPerson({ deathDate: '1949-12-30' }),
      'person.deathDate',
      /before person.birthDate/,
    ],
    [
      'a month before the month of birth',
      { ...base(), month: '1949-11' },
      'month',
      /before the month of birth/,
    ],
    [
      'a hukou period from before birth',
      withPerson({ hukou: [{ area: '620502', from: '1949-12-30' }] }),
      'person.hukou[0].from',
      /before/,
    ],
    [
      'a hukou period with to = from',
      withPerson({ hukou: [{ area: '620502', from: '2000-01-01', to: '2000-01-01' }] }),
      'person.hukou[0].to',
      /after from/,
    ],
    [
      'a hukou period with to before from',
      withPerson({ hukou: [{ area: '620502', from: '2000-01-01', to: '1999-01-01' }] }),
      'person.hukou[0].to',
      /after from/,
    ],
    [
      'a status period with to before from',
      withPerson({ statuses: [{ kind: 'student', from: '2000-01-01', to: '1999-12-31' }] }),
      'person.statuses[0].to',
      /after from/,
    ],
    [
      'a status from before birth',
      withPerson({ statuses: [{ kind: 'student', from: '1940-01-01' }] }),
      'person.statuses[0].from',
      /before/,
    ],
    [
      'overlapping hukou periods',
      withPerson({
        hukou: [
          { area: '620502', from: '1949-12-31', to: '2010-01-01' },
          { area: '620602', from: '2009-06-01' },
        ],
      }),
      'person.hukou[1].from',
      /overlaps person.hukou\[0\]/,
    ],
    [
      'an open hukou followed by another',
      withPerson({
        hukou: [
          { area: '620602', from: '2009-06-01' },
          { area: '620502', from: '1949-12-31' },
        ],
      }),
      'person.hukou[0].from',
      /overlaps person.hukou\[1\]/,
    ],
    [
      'a restoration before the period it restores',
      withPerson({ hukou: [{ area: '620502', from: '2000-01-01', restoredOn: '1999-01-01' }] }),
      'person.hukou[0].restoredOn',
      /before the period/,
    ],
    [
      'a contribution year before birth',
      withPerson({ contributions: [{ year: 1948, personal: '100.00' }] }),
      'person.contributions[0].year',
      /before the year of birth/,
    ],
    [
      'a payment ending before it starts',
      { ...base(), payments: [{ from: '2020-06', to: '2020-05', monthly: '88.00' }] },
      'payments[0].to',
      /before from/,
    ],
    [
      'an account balance dated before birth',
      withPerson({ accountBalance: { amount: '1.00', asOf: '1940-01-01' } }),
      'person.accountBalance.asOf',
      /before/,
    ],
  ])('rejects %s', (_label, body, path, message) => {
    const { status, problems } = outcome(body);
    expect(status).toBe(422);
    const problem = problems.find((p) => p.path === path);
    expect(problem, JSON.stringify(problems)).toBeDefined();
    expect(problem?.message).toMatch(message);
  });

  it('accepts adjacent hukou periods (to of one = from of the next)', () => {
    const body = withPerson({
      hukou: [
        { area: '620502', from: '1949-12-31', to: '2008-03-01' },
        { area: '620502', from: '2008-03-01', restoredOn: '2020-04-19' },
      ],
    });
    expect(() => parseCase(body)).not.toThrow();
  });

  it('never echoes the ID number in an error', () => {
    const id = '110105194912310021';
    try {
      parseCase(withPerson({ idNumber: id }));
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain(id);
      expect((error as Error).message).not.toContain(id);
    }
    expect.assertions(2);
  });

  it('checks an already shaped case with checkCase', () => {
    const shaped = CaseSchema.parse(withPerson({ deathDate: '1940-01-01' }));
    expect(() => checkCase(shaped)).toThrow(ImpossibleCaseError);
  });
});

describe('date and month fields', () => {
  /** The first problem of a field, or undefined when it is accepted. */
  const problem = (schema: typeof DateSchema, text: string) =>
    schema.safeParse(text).error?.issues[0]?.message;
  const inRange = (year: number) => year >= 1880 && year <= 2100;
  // Near-miss strings: digits, dashes and a few characters the patterns must refuse.
  const text = (maxLength: number) =>
    fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789-x ٣'), minLength: maxLength - 1, maxLength }),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, maxLength)),
      fc
        .constantFrom('1879-12-31', '1880-01-01', '2100-12-31', '2101-01-01', '2000-02-29', '1900-02-29')
        .map((d) => d.slice(0, maxLength)),
    );

  it('accept and word exactly as the contract defines a date (pattern, real day, year range)', () => {
    fc.assert(
      fc.property(text(10), (candidate) => {
        let expected: string | undefined;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(candidate)) expected = 'must be a date YYYY-MM-DD';
        else {
          const [y, m, d] = candidate.split('-').map(Number) as [number, number, number];
          // The proleptic Gregorian calendar, from a UTC instant only to test the day exists.
          const real = new Date(Date.UTC(y, m - 1, d));
          real.setUTCFullYear(y);
          if (real.getUTCMonth() !== m - 1 || real.getUTCDate() !== d) expected = 'is not a calendar date';
          else if (!inRange(y)) expected = 'must be between 1880 and 2100';
        }
        expect(problem(DateSchema, candidate)).toBe(expected);
      }),
      { numRuns: 20_000 },
    );
  });

  it('accept and word exactly as the contract defines a month (pattern, year range)', () => {
    fc.assert(
      fc.property(text(7), (candidate) => {
        let expected: string | undefined;
        if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(candidate)) expected = 'must be a month YYYY-MM';
        else if (!inRange(Number(candidate.slice(0, 4)))) expected = 'must be between 1880 and 2100';
        expect(problem(MonthSchema, candidate)).toBe(expected);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('the published patterns (what /openapi.json carries for the z.check fields)', () => {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  it('a date: exactly the strings DateSchema accepts, on every YYYY-MM-DD of 1870–2110 with month 00–13, day 00–32', () => {
    const pattern = new RegExp(PUBLISHED_DATE_PATTERN);
    const differ: string[] = [];
    for (let y = 1870; y <= 2110; y++) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const date = `${y}-${pad(m, 2)}-${pad(d, 2)}`;
          if (pattern.test(date) !== DateSchema.safeParse(date).success) differ.push(date);
        }
      }
    }
    expect(differ).toEqual([]);
  });

  it('a month: exactly the strings MonthSchema accepts, on every YYYY-MM of 0000–9999 with month 00–13', () => {
    const pattern = new RegExp(PUBLISHED_MONTH_PATTERN);
    const differ: string[] = [];
    for (let y = 0; y <= 9999; y++) {
      for (let m = 0; m <= 13; m++) {
        const month = `${pad(y, 4)}-${pad(m, 2)}`;
        if (pattern.test(month) !== MonthSchema.safeParse(month).success) differ.push(month);
      }
    }
    expect(differ).toEqual([]);
  });

  it('dates, months and money: the same verdict as the schema on near-miss strings', () => {
    const cases: [RegExp, typeof DateSchema, fc.Arbitrary<string>][] = [
      [
        new RegExp(PUBLISHED_DATE_PATTERN),
        DateSchema,
        fc.string({ unit: fc.constantFrom(...'0123456789-x ٣\n'), maxLength: 12 }),
      ],
      [
        new RegExp(PUBLISHED_MONTH_PATTERN),
        MonthSchema,
        fc.string({ unit: fc.constantFrom(...'0123456789-x ٣\n'), maxLength: 9 }),
      ],
      [
        new RegExp(PUBLISHED_MONEY_PATTERN),
        MoneySchema,
        fc.string({ unit: fc.constantFrom(...'0123456789.-+ e\n'), maxLength: 18 }),
      ],
    ];
    for (const [pattern, schema, text] of cases) {
      fc.assert(
        fc.property(text, (candidate) => pattern.test(candidate) === schema.safeParse(candidate).success),
        { numRuns: 20_000, seed: 7 },
      );
    }
    const money = new RegExp(PUBLISHED_MONEY_PATTERN);
    for (const [amount, ok] of [
      ['0.00', true],
      ['9999999999999.99', true],
      ['10000000000000.00', false],
      ['-0.00', false],
      ['1.5', false],
      ['.50', false],
    ] as const) {
      expect([money.test(amount), MoneySchema.safeParse(amount).success]).toEqual([ok, ok]);
    }
  });
});

describe('paths', () => {
  it('formats zod paths the way the contract writes them', () => {
    expect(formatPath(['person', 'hukou', 1, 'area'])).toBe('person.hukou[1].area');
    expect(formatPath([])).toBe('');
    expect(formatPath([0, 'a'])).toBe('[0].a');
  });

  it('turns zod issues into field problems', () => {
    const result = CaseSchema.safeParse({
      person: { birthDate: '2000-01-01', hukou: [{}] },
      month: '2020-01',
    });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(zodProblems(result.error).map((p) => p.path)).toEqual([
        'person.hukou[0].area',
        'person.hukou[0].from',
      ]);
    }
  });
});
