import { describe, expect, it } from 'vitest';
import {
  ageOn,
  compareDates,
  dateAgeReached,
  dateParts,
  daysInMonth,
  firstDayOf,
  firstMonthStartingOnOrAfter,
  formatYearMonth,
  isCalendarDate,
  isLeapYear,
  monthOf,
  parseYearMonth,
  yearOf,
} from '../../rules/calendar.ts';

const ym = (text: string) => parseYearMonth(text) as number;

describe('leap years and month lengths', () => {
  it.each([
    [2000, true],
    [1900, false],
    [2100, false],
    [2020, true],
    [2023, false],
    [2024, true],
  ])('%i leap: %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
    expect(daysInMonth(year, 2)).toBe(leap ? 29 : 28);
  });

  it('knows the 30- and 31-day months', () => {
    expect([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([
      31, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
  });
});

describe('calendar dates', () => {
  it.each(['2020-02-29', '2000-02-29', '2023-12-31', '1880-01-01', '2100-12-31', '2023-04-30'])(
    'accepts %s',
    (date) => expect(isCalendarDate(date)).toBe(true),
  );

  it.each([
    '2023-02-29',
    '1900-02-29',
    '2100-02-29',
    '2023-04-31',
    '2023-13-01',
    '2023-00-10',
    '2023-01-00',
    '2023-1-01',
    '20230101',
    '2023-01-01T00:00:00Z',
    '2023-0a-01',
    '20x3-01-01',
    '',
  ])('rejects %j', (date) => {
    expect(isCalendarDate(date)).toBe(false);
    expect(dateParts(date)).toBeUndefined();
  });

  it('splits a date into parts', () => {
    expect(dateParts('2020-02-29')).toEqual({ year: 2020, month: 2, day: 29 });
  });

  it('compares dates as calendar strings', () => {
    expect(compareDates('2020-01-31', '2020-02-01')).toBe(-1);
    expect(compareDates('2020-02-01', '2020-01-31')).toBe(1);
    expect(compareDates('2020-02-01', '2020-02-01')).toBe(0);
  });

  it('throws on a non-date where a date is required', () => {
    expect(() => monthOf('2023-02-29')).toThrow(/not a calendar date/);
    expect(() => ageOn('2000-01-01', '2020-13-01', 'march-1')).toThrow(RangeError);
  });
});

describe('year-months', () => {
  it('round-trips and counts months by subtraction', () => {
    expect(formatYearMonth(ym('2020-05'))).toBe('2020-05');
    expect(formatYearMonth(ym('0999-12'))).toBe('0999-12');
    expect(ym('2020-04') - ym('2011-07') + 1).toBe(106);
    expect(formatYearMonth(ym('2019-12') + 1)).toBe('2020-01');
    expect(yearOf(ym('2020-12'))).toBe(2020);
  });

  it.each(['2020-13', '2020-00', '2020-5', '2020-05-01', 'May 2020', '20a0-01', '2020-1x'])(
    'rejects %j',
    (text) => {
      expect(parseYearMonth(text)).toBeUndefined();
    },
  );

  it('gives the month of a date and the first day of a month', () => {
    expect(formatYearMonth(monthOf('2020-04-19'))).toBe('2020-04');
    expect(firstDayOf(ym('2020-02'))).toBe('2020-02-01');
  });

  it('applies a date to the first month that starts on or after it', () => {
    // In force on the 1st: that month. Any later day: the next month (the payroll's first-day snapshot).
    expect(formatYearMonth(firstMonthStartingOnOrAfter('2020-07-01'))).toBe('2020-07');
    expect(formatYearMonth(firstMonthStartingOnOrAfter('2020-07-02'))).toBe('2020-08');
    expect(formatYearMonth(firstMonthStartingOnOrAfter('2020-12-31'))).toBe('2021-01');
    expect(formatYearMonth(firstMonthStartingOnOrAfter('2020-02-29'))).toBe('2020-03');
  });
});

describe('ages (contract decision 1: an age is reached on the birthday)', () => {
  it('reaches an age on the anniversary', () => {
    expect(dateAgeReached('1951-03-10', 60, 'march-1')).toBe('2011-03-10');
    expect(dateAgeReached('0999-01-05', 1, 'march-1')).toBe('1000-01-05');
  });

  it('moves a 29 February birthday to 1 March (or 28 February) in common years only', () => {
    expect(dateAgeReached('1956-02-29', 60, 'march-1')).toBe('2016-02-29');
    expect(dateAgeReached('2040-02-29', 60, 'march-1')).toBe('2100-03-01');
    expect(dateAgeReached('2040-02-29', 60, 'february-28')).toBe('2100-02-28');
    expect(dateAgeReached('2000-02-29', 65, 'march-1')).toBe('2065-03-01');
    expect(dateAgeReached('2000-02-29', 65, 'february-28')).toBe('2065-02-28');
  });

  it('counts whole years, the day before and the day of a birthday', () => {
    expect(ageOn('1960-06-15', '2020-06-14', 'march-1')).toBe(59);
    expect(ageOn('1960-06-15', '2020-06-15', 'march-1')).toBe(60);
    expect(ageOn('1960-12-31', '2020-01-01', 'march-1')).toBe(59);
  });

  it('ages a 29 February child by the chosen convention', () => {
    expect(ageOn('2004-02-29', '2021-02-28', 'march-1')).toBe(16);
    expect(ageOn('2004-02-29', '2021-02-28', 'february-28')).toBe(17);
    expect(ageOn('2004-02-29', '2021-03-01', 'march-1')).toBe(17);
    expect(ageOn('2004-02-29', '2024-02-28', 'march-1')).toBe(19);
    expect(ageOn('2004-02-29', '2024-02-29', 'march-1')).toBe(20);
  });

  it('is negative-safe for a date before birth', () => {
    expect(ageOn('2015-05-01', '2012-07-01', 'march-1')).toBe(-3);
  });
});
