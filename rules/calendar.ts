/**
 * Calendar dates and year-months, never instants: results cannot depend on the host's time zone
 * (China observed DST in 1986–1991, and Lambda runs in UTC). A date is carried as its ISO string
 * "YYYY-MM-DD"; a year-month as one integer (year × 12 + month − 1), so month arithmetic is addition.
 */

/** A calendar date, "YYYY-MM-DD". */
export type CalendarDate = string;
/** A month as the integer year × 12 + (month − 1). */
export type YearMonth = number;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The value of the ASCII digits in text[from, to), or -1 if any is not 0–9 (the regex's \d). */
function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Parts of a valid calendar date, or undefined ("2023-02-29", "2020-13-01" are not dates).
 * Read digit by digit rather than with a regular expression: this is the engine's hottest function (every
 * age and period test parses dates), and the result is the same for every string.
 */
export function dateParts(date: string): DateParts | undefined {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return undefined;
  const year = digitsAt(date, 0, 4);
  const month = digitsAt(date, 5, 7);
  const day = digitsAt(date, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function isCalendarDate(date: string): boolean {
  return dateParts(date) !== undefined;
}

function partsOf(date: CalendarDate): DateParts {
  const parts = dateParts(date);
  if (!parts) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  return parts;
}

/** The value of the ASCII digit at `i`, or -1 (what `\d` matches, without a regex's match array). */
function digitAt(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/** YYYY-MM → YearMonth; read by character, not by regex, because the engine parses months per case. */
export function parseYearMonth(text: string): YearMonth | undefined {
  if (text.length !== 7 || text.charCodeAt(4) !== 45) return undefined;
  const y0 = digitAt(text, 0);
  const y1 = digitAt(text, 1);
  const y2 = digitAt(text, 2);
  const y3 = digitAt(text, 3);
  const m0 = digitAt(text, 5);
  const m1 = digitAt(text, 6);
  if ((y0 | y1 | y2 | y3 | m0 | m1) < 0) return undefined;
  const month = m0 * 10 + m1;
  if (month < 1 || month > 12) return undefined;
  return (y0 * 1000 + y1 * 100 + y2 * 10 + y3) * 12 + month - 1;
}

export function formatYearMonth(ym: YearMonth): string {
  const year = Math.floor(ym / 12);
  const month = (ym % 12) + 1;
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}`;
}

export function yearOf(ym: YearMonth): number {
  return Math.floor(ym / 12);
}

/** The month a date falls in. */
export function monthOf(date: CalendarDate): YearMonth {
  const { year, month } = partsOf(date);
  return year * 12 + month - 1;
}

/**
 * The first month whose first day is on or after `date`. Periods and parameter values apply to a
 * month when they are in force on its first day (the monthly payroll's 按月发放 snapshot), so a
 * change dated the 1st applies to that month and a change dated later applies from the next one.
 */
export function firstMonthStartingOnOrAfter(date: CalendarDate): YearMonth {
  const { year, month, day } = partsOf(date);
  return year * 12 + month - 1 + (day === 1 ? 0 : 1);
}

/** The first day of a month, "YYYY-MM-01". */
export function firstDayOf(ym: YearMonth): CalendarDate {
  return `${formatYearMonth(ym)}-01`;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How a 29 February birthday falls in a common year (contract decision 1: 1 March). */
export type LeapDayBirthday = 'march-1' | 'february-28';

// Module level, not inside dateAgeReached: it runs for every month an age is checked, and a closure
// made per call (named at run time under tsx) cost more than the rest of the function.
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * The day a person born on `birthDate` reaches `age` (周岁): the anniversary, with a 29 February
 * birthday moved by `leapDay` in common years.
 */
export function dateAgeReached(birthDate: CalendarDate, age: number, leapDay: LeapDayBirthday): CalendarDate {
  const { year, month, day } = partsOf(birthDate);
  const target = year + age;
  if (month === 2 && day === 29 && !isLeapYear(target)) {
    return leapDay === 'march-1' ? `${target}-03-01` : `${target}-02-28`;
  }
  return `${String(target).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

/** Age in whole years (周岁) on `date`. */
export function ageOn(birthDate: CalendarDate, date: CalendarDate, leapDay: LeapDayBirthday): number {
  const birthYear = partsOf(birthDate).year;
  const years = partsOf(date).year - birthYear;
  return compareDates(dateAgeReached(birthDate, years, leapDay), date) <= 0 ? years : years - 1;
}
