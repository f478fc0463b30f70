/**
 * The months at which anything a calculation depends on can change: parameter values, launch
 * dates, ages, hukou and status periods, death. Between two such months every month has the same
 * entitlement, so arrears over fifteen years cost tens of evaluations, not hundreds.
 */
import { dateAgeReached, monthOf, type YearMonth } from './calendar.ts';
import type { CaseContext } from './case-context.ts';

/** Sorted distinct months in [from, to] where the entitlement may change; `from` is always first. */
export function boundaryMonths(ctx: CaseContext, from: YearMonth, to: YearMonth): YearMonth[] {
  // Candidates first, kept to (from, to] at the end: no closure per call on this hot path.
  const candidates: YearMonth[] = [];
  const leapBirthday = ctx.birthDate.endsWith('-02-29');
  const areas = new Set<string>();
  for (const h of ctx.hukou) {
    candidates.push(h.benefitFrom, h.enrolFrom);
    if (Number.isFinite(h.to)) candidates.push(h.to);
    if (ctx.ruleset.covers(h.area)) areas.add(h.area);
  }
  for (const list of ctx.statuses.values()) {
    for (const s of list) {
      candidates.push(s.from);
      if (Number.isFinite(s.to)) candidates.push(s.to);
    }
  }
  if (ctx.deathMonth !== undefined) candidates.push(ctx.deathMonth, ctx.deathMonth + 1);
  for (const area of areas) {
    candidates.push(...ctx.ruleset.changeMonths(area));
    for (const age of ctx.ruleset.agesOfInterest(area)) {
      const reached = [monthOf(dateAgeReached(ctx.birthDate, age, 'march-1'))];
      if (leapBirthday) reached.push(monthOf(dateAgeReached(ctx.birthDate, age, 'february-28')));
      // Every age convention's start month: the birthday month, the month after, or January.
      for (const m of reached) candidates.push(m, m + 1, Math.floor(m / 12) * 12);
    }
  }
  const months = new Set<YearMonth>([from]);
  for (const m of candidates) if (m > from && m <= to) months.add(m);
  return [...months].sort((a, b) => a - b);
}
