/**
 * Realistic synthetic Gansu cases for property tests: people born 1925–2005 with one to three hukou
 * periods in areas of the ruleset's own list (some restored), statuses of every kind, contribution
 * records, account balances, deaths and payments, evaluated in months the ruleset covers.
 * Every generated case passes `parseCase`.
 */
import fc from 'fast-check';
import { daysInMonth, formatYearMonth } from '../../rules/calendar.ts';
import { type Case, parseCase, type Ruleset, STATUS_KINDS } from '../../rules/index.ts';

/** How many runs a property gets: PROPERTY_RUNS_SCALE (default 1) scales every count. */
export function runs(n: number): number {
  const scale = Number(process.env.PROPERTY_RUNS_SCALE ?? '1');
  return Math.max(10, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar date in [fromYear, toYear], with month ends and 29 February over-represented. */
export function arbDate(fromYear: number, toYear: number): fc.Arbitrary<string> {
  const any = fc
    .record({
      y: fc.integer({ min: fromYear, max: toYear }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 31 }),
    })
    .map(({ y, m, d }) => `${y}-${pad(m)}-${pad(Math.min(d, daysInMonth(y, m)))}`);
  const leapYears: number[] = [];
  for (let y = fromYear; y <= toYear; y++)
    if ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) leapYears.push(y);
  const leapDay = leapYears.length > 0 ? fc.constantFrom(...leapYears).map((y) => `${y}-02-29`) : any;
  const monthEdge = fc
    .record({
      y: fc.integer({ min: fromYear, max: toYear }),
      m: fc.integer({ min: 1, max: 12 }),
      last: fc.boolean(),
    })
    .map(({ y, m, last }) => `${y}-${pad(m)}-${pad(last ? daysInMonth(y, m) : 1)}`);
  return fc.oneof(
    { arbitrary: any, weight: 6 },
    { arbitrary: monthEdge, weight: 3 },
    { arbitrary: leapDay, weight: 1 },
  );
}

export function arbMonth(fromYm: number, toYm: number): fc.Arbitrary<string> {
  return fc.integer({ min: fromYm, max: toYm }).map(formatYearMonth);
}

const ym = (text: string) => Number(text.slice(0, 4)) * 12 + Number(text.slice(5, 7)) - 1;
const later = (a: string, b: string) => (a < b ? b : a);
const earlier = (a: string, b: string) => (a < b ? a : b);

/** `date` plus `days` calendar days (UTC arithmetic in the test only; no time zone involved). */
export function addDays(date: string, days: number): string {
  const t =
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) +
    days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export interface CaseOptions {
  /** Latest month evaluated (default 2030-12). */
  readonly lastMonth?: string;
  /** Allow payments in the case (arrears). */
  readonly payments?: boolean;
}

/** A realistic Gansu case valid for `ruleset` (hukou areas from its own covered list). */
export function arbCase(ruleset: Ruleset, options: CaseOptions = {}): fc.Arbitrary<Case> {
  const areas = ruleset.coveredAreas().map((a) => a.code);
  const lastMonth = options.lastMonth ?? '2030-12';
  const lastYear = Number(lastMonth.slice(0, 4));
  const coverage = ruleset.coverageStart;

  // Mostly people of pension age in the years covered, some younger.
  const birth = fc.oneof(
    { arbitrary: arbDate(1925, 1970), weight: 3 },
    { arbitrary: arbDate(1971, 2005), weight: 1 },
  );
  return birth.chain((birthDate) => {
    const birthYear = Number(birthDate.slice(0, 4));
    const limit = `${lastYear}-12-31`;
    // A date on or after `from` (by a day count, so no retries), at most the last covered year's end.
    const after = (from: string, minDays = 0) =>
      fc
        .integer({ min: minDays, max: minDays + 365 * 45 })
        .map((days) => earlier(addDays(from, days), limit));

    // Hukou: boundaries after birth, each period in some area, the last one often open; some restored.
    const hukou = fc
      .record({
        cuts: fc.uniqueArray(after(birthDate), { maxLength: 3 }),
        areas: fc.array(fc.constantFrom(...areas), { minLength: 4, maxLength: 4 }),
        open: fc.boolean(),
        startAtBirth: fc.oneof(
          { arbitrary: fc.constant(true), weight: 3 },
          { arbitrary: fc.constant(false), weight: 1 },
        ),
        restored: fc.array(fc.option(fc.integer({ min: 0, max: 4000 }), { freq: 2, nil: undefined }), {
          minLength: 4,
          maxLength: 4,
        }),
        count: fc.oneof(
          { arbitrary: fc.constant(0), weight: 1 },
          { arbitrary: fc.integer({ min: 1, max: 4 }), weight: 12 },
        ),
      })
      .map(({ cuts, areas: picked, open, startAtBirth, restored, count }) => {
        const points = [...new Set(cuts.filter((c) => c > birthDate))].sort();
        const starts = [startAtBirth ? birthDate : (points.shift() ?? birthDate), ...points];
        const periods: Case['person']['hukou'] = [];
        for (let i = 0; i < starts.length && i < count; i++) {
          const from = starts[i] as string;
          const to = starts[i + 1];
          const isLast = i === starts.length - 1 || i === count - 1;
          const period: { area: string; from: string; to?: string; restoredOn?: string } = {
            area: picked[i] as string,
            from,
          };
          if (to !== undefined && !(isLast && open)) period.to = to;
          const offset = restored[i];
          // A restoration some days after the period began, within the years the cases cover.
          if (offset !== undefined)
            period.restoredOn = later(from, earlier(addDays(from, offset * 5), limit));
          periods.push(period);
        }
        return periods;
      });

    const statuses = fc
      .array(
        fc.record({
          kind: fc.constantFrom(...STATUS_KINDS),
          from: after(birthDate, 365 * 10),
          length: fc.option(fc.integer({ min: 1, max: 6000 }), { nil: undefined }),
          // 低保类别: always stated here (a missing one is refused where it matters; unit-tested).
          livingAllowanceClass: fc.integer({ min: 1, max: 4 }),
        }),
        { maxLength: 2 },
      )
      .chain((list) =>
        fc.constant(
          list.map((s) => {
            const to = s.length === undefined ? undefined : addDays(s.from, s.length);
            return {
              kind: s.kind,
              from: s.from,
              ...(to !== undefined ? { to } : {}),
              ...(s.kind === 'minimum-living-allowance' ? { class: s.livingAllowanceClass } : {}),
            };
          }),
        ),
      );

    const contributions = fc
      .uniqueArray(fc.integer({ min: Math.max(birthYear, 2009), max: Math.max(birthYear, 2009) + 25 }), {
        maxLength: 20,
      })
      .chain((years) =>
        fc.tuple(
          ...years.map((year) =>
            fc
              .record({
                personal: fc.constantFrom('100.00', '100.00', '200.00', '500.00', '0.00'),
                governmentPaid: fc.option(fc.constantFrom('100.00', '0.00'), { nil: undefined }),
                subsidy: fc.option(fc.constantFrom('30.00', '60.00'), { nil: undefined }),
                makeUp: fc.option(fc.boolean(), { nil: undefined }),
              })
              .map((c) => ({
                year,
                personal: c.personal,
                ...(c.governmentPaid !== undefined ? { governmentPaid: c.governmentPaid } : {}),
                ...(c.subsidy !== undefined ? { subsidy: c.subsidy } : {}),
                ...(c.makeUp !== undefined ? { makeUp: c.makeUp } : {}),
              })),
          ),
        ),
      );

    const balance = fc.option(
      fc
        .record({ fen: fc.integer({ min: 0, max: 5_000_000 }), asOf: after(birthDate) })
        .map(({ fen, asOf }) => ({
          amount: `${Math.floor(fen / 100)}.${pad(fen % 100)}`,
          asOf,
        })),
      { nil: undefined },
    );

    const firstMonth = Math.max(coverage, ym(birthDate));
    const month = arbMonth(firstMonth, Math.max(firstMonth, ym(lastMonth)));
    const death = fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 4 },
      { arbitrary: after(birthDate, 365 * 50), weight: 1 },
    );
    const payments = options.payments
      ? fc.array(
          fc
            .tuple(
              fc.integer({ min: coverage, max: ym(lastMonth) }),
              fc.integer({ min: 0, max: 120 }),
              fc.constantFrom('55.00', '88.00', '93.00', '103.00', '163.00'),
            )
            .map(([from, n, monthly]) => ({
              from: formatYearMonth(from),
              to: formatYearMonth(from + n),
              monthly,
            })),
          { maxLength: 2 },
        )
      : fc.constant([]);

    return fc.record({ hukou, statuses, contributions, balance, month, death, payments }).map((r) => {
      const body = {
        person: {
          birthDate,
          ...(r.death !== undefined ? { deathDate: r.death } : {}),
          hukou: r.hukou,
          statuses: r.statuses,
          contributions: r.contributions,
          ...(r.balance !== undefined ? { accountBalance: r.balance } : {}),
        },
        ...(r.payments.length > 0 ? { payments: r.payments } : {}),
        month: r.month,
      };
      return parseCase(body);
    });
  });
}
