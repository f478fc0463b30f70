/**
 * Dates as an office in Gansu reads them: Beijing time (UTC+8, no daylight saving), whatever the
 * computer's own zone. Calendar dates stay strings; only instants (a receipt's time, a report's) are
 * converted. Pure (Intl only): the pages' browser code and the report both use it.
 */

const parts = (instant: Date) =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute', string>;

/** Today's date in Beijing, YYYY-MM-DD. */
export function todayInBeijing(now = new Date()): string {
  const p = parts(now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** This month in Beijing, YYYY-MM. */
export const currentMonth = (now = new Date()) => todayInBeijing(now).slice(0, 7);

/** "2026年12月07日 04:12（北京时间）" for an ISO instant such as a receipt's calculatedAt. */
export function beijingTime(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const p = parts(instant);
  return `${p.year}年${p.month}月${p.day}日 ${p.hour}:${p.minute}（北京时间）`;
}

/** "2026年12月07日" for a calendar date or today. */
export function chineseDate(date: string): string {
  return `${date.slice(0, 4)}年${date.slice(5, 7)}月${date.slice(8, 10)}日`;
}

/** Full years of age at the end of `month` (YYYY-MM) for a birth date (YYYY-MM-DD). */
export function ageAtEndOf(birthDate: string, month: string): number {
  const years = Number(month.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return Number(month.slice(5, 7)) >= Number(birthDate.slice(5, 7)) ? years : years - 1;
}
