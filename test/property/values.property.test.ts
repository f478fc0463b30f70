/** Round trips of the engine's value types, and its whole-fen division against decimal.js. */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageOn,
  dateAgeReached,
  firstMonthStartingOnOrAfter,
  formatYearMonth,
  isCalendarDate,
  monthOf,
  parseYearMonth,
} from '../../rules/calendar.ts';
import { inputHash } from '../../rules/index.ts';
import { type Fen, formatMoney, parseMoney, type RoundingMode } from '../../rules/money.ts';
import { divideFen } from '../../rules/money-division.ts';
import { checkCharacter, residentIdBirthDate, residentIdProblem } from '../../rules/resident-id.ts';
import { latest } from '../rules/helpers.ts';
import { addDays, arbCase, arbDate, runs } from './arbitraries.ts';

const MAX_FEN = 999_999_999_999_999; // 13 integer digits of yuan and 2 of fen: the money pattern's limit

describe('money', () => {
  it('formats every whole number of fen and parses it back', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_FEN, max: MAX_FEN }), (n) => {
        const text = formatMoney(n as Fen);
        expect(text).toMatch(/^-?(0|[1-9]\d*)\.\d{2}$/);
        expect(parseMoney(text)).toBe(n);
      }),
      { numRuns: runs(5000) },
    );
  });

  it('parses every canonical money string and formats it back unchanged', () => {
    const canonical = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 9_999_999_999_999n }), fc.integer({ min: 0, max: 99 }))
      .filter(([negative, yuan, cents]) => !negative || yuan > 0n || cents > 0)
      .map(([negative, yuan, cents]) => `${negative ? '-' : ''}${yuan}.${String(cents).padStart(2, '0')}`);
    fc.assert(
      fc.property(canonical, (text) => {
        expect(formatMoney(parseMoney(text))).toBe(text);
      }),
      { numRuns: runs(5000) },
    );
  });

  const MODES: Record<RoundingMode, Decimal.Rounding> = {
    'half-up': Decimal.ROUND_HALF_UP,
    'half-even': Decimal.ROUND_HALF_EVEN,
    down: Decimal.ROUND_DOWN,
  };

  it('divides whole fen exactly as decimal.js rounds', () => {
    const divisor = fc.oneof(
      fc.constant(139),
      fc.integer({ min: 1, max: 1000 }),
      fc.integer({ min: 1, max: 2 ** 40 }),
    );
    const amount = fc.oneof(
      fc.integer({ min: -10_000_000, max: 10_000_000 }),
      fc.integer({ min: -MAX_FEN, max: MAX_FEN }),
      // Exact halves and near-halves of the divisor, where rounding modes differ.
      fc
        .tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: -1, max: 1 }))
        .map(([k, e]) => k * 139 + 69 + e),
    );
    fc.assert(
      fc.property(
        amount,
        divisor,
        fc.constantFrom<RoundingMode>('half-up', 'half-even', 'down'),
        (a, d, mode) => {
          const expected = new Decimal(a).div(d).toDecimalPlaces(0, MODES[mode]).toNumber();
          expect(divideFen(a as Fen, d, mode)).toBe(expected);
        },
      ),
      { numRuns: runs(10_000) },
    );
  });

  it('divides by a fractional divisor through decimal.js', () => {
    expect(divideFen(10_000 as Fen, 2.5, 'half-up')).toBe(4000);
    expect(divideFen(1 as Fen, 0.3, 'half-up')).toBe(3);
  });
});

describe('calendar', () => {
  const reference = (date: string) => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const t = new Date(Date.UTC(y, m - 1, d));
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  };

  it('accepts exactly the real dates (checked against a UTC calendar)', () => {
    const shaped = fc
      .tuple(
        fc.integer({ min: 1880, max: 2100 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
      )
      .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(shaped, (date) => {
        expect(isCalendarDate(date)).toBe(reference(date));
      }),
      { numRuns: runs(5000) },
    );
  });

  it('round-trips months and maps dates into months', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1880 * 12, max: 2100 * 12 + 11 }), (m) => {
        expect(parseYearMonth(formatYearMonth(m))).toBe(m);
      }),
      { numRuns: runs(2000) },
    );
    fc.assert(
      fc.property(arbDate(1880, 2100), (date) => {
        expect(formatYearMonth(monthOf(date))).toBe(date.slice(0, 7));
        const first = firstMonthStartingOnOrAfter(date);
        expect(first - monthOf(date)).toBe(date.endsWith('-01') ? 0 : 1);
      }),
      { numRuns: runs(2000) },
    );
  });

  it('ages a person by one year on each birthday and not before', () => {
    fc.assert(
      fc.property(
        arbDate(1880, 2000),
        fc.integer({ min: 1, max: 99 }),
        fc.constantFrom('march-1', 'february-28' as const),
        (birth, age, leap) => {
          const reached = dateAgeReached(birth, age, leap as 'march-1' | 'february-28');
          expect(isCalendarDate(reached)).toBe(true);
          expect(ageOn(birth, reached, leap as 'march-1')).toBe(age);
          expect(ageOn(birth, addDays(reached, -1), leap as 'march-1')).toBe(age - 1);
        },
      ),
      { numRuns: runs(3000) },
    );
  });
});

describe('ID numbers and the input hash', () => {
  const arbId = fc
    .tuple(fc.integer({ min: 110000, max: 659999 }), arbDate(1900, 2020), fc.integer({ min: 0, max: 999 }))
    .map(([area, birth, order]) => {
      const body = `${area}${birth.replaceAll('-', '')}${String(order).padStart(3, '0')}`;
      return { id: body + checkCharacter(body), birth };
    });

  it('accepts every well-made number and reads its birth date back', () => {
    fc.assert(
      fc.property(arbId, ({ id, birth }) => {
        expect(residentIdProblem(id)).toBeUndefined();
        expect(residentIdProblem(id.toLowerCase())).toBeUndefined();
        expect(residentIdBirthDate(id)).toBe(birth);
      }),
      { numRuns: runs(2000) },
    );
  });

  it('refuses any single changed character', () => {
    fc.assert(
      fc.property(
        arbId,
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...'0123456789X'),
        ({ id }, i, c) => {
          fc.pre(id.charAt(i) !== c);
          expect(residentIdProblem(id.slice(0, i) + c + id.slice(i + 1))).toBeDefined();
        },
      ),
      { numRuns: runs(3000) },
    );
  });

  it('hashes a case without its ID number', () => {
    fc.assert(
      fc.property(arbCase(latest()), arbId, (c, { id }) => {
        expect(inputHash({ ...c, person: { ...c.person, idNumber: id } })).toBe(inputHash(c));
      }),
      { numRuns: runs(500) },
    );
  });
});
