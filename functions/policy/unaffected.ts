/**
 * When can a replay skip the candidate's calculation? The engine reads a ruleset only through the
 * month timelines of the areas of a case's hukou (Ruleset.forArea / timeline), at months up to the
 * month evaluated, and at the month a restored hukou was restored (contract decision 3). A draft only
 * changes parameter values (never areas, reasons or coverage). So when, for every area of the case,
 * the candidate's timelines equal the baseline's up to those months, the candidate's results are the
 * baseline's, and computing them again would only cost time. A national raise from 2027 leaves every
 * case evaluated in 2026 untouched; a Qinzhou-only change leaves every other district's cases alone.
 * test/policy/unaffected.test.ts checks the claim against full recomputation.
 */
import { formatYearMonth } from '../../rules/calendar.ts';
import type { Case, Ruleset } from '../../rules/index.ts';

const NEVER = Number.POSITIVE_INFINITY;

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export class UnaffectedCheck {
  private readonly divergence = new Map<string, number>();
  private readonly identical: boolean;

  constructor(
    private readonly baseline: Ruleset,
    private readonly candidate: Ruleset,
  ) {
    this.identical = baseline === candidate || baseline.hash === candidate.hash;
  }

  /** The first month (YearMonth) in which any parameter's value differs for the area, or Infinity. */
  divergesFrom(area: string): number {
    if (this.identical) return NEVER;
    const cached = this.divergence.get(area);
    if (cached !== undefined) return cached;
    let first = NEVER;
    if (this.baseline.covers(area)) {
      // A parameter only one of them defines (added to the engine in between) differs from its start.
      const inBaseline = new Set(this.baseline.engineParameterIds());
      const inCandidate = new Set(this.candidate.engineParameterIds());
      for (const id of new Set([...inBaseline, ...inCandidate])) {
        const a = inBaseline.has(id) ? this.baseline.timeline(id, area) : [];
        const b = inCandidate.has(id) ? this.candidate.timeline(id, area) : [];
        const n = Math.max(a.length, b.length);
        for (let i = 0; i < n; i++) {
          const x = a[i];
          const y = b[i];
          if (x && y && x.fromMonth === y.fromMonth && JSON.stringify(x.value) === JSON.stringify(y.value)) {
            continue;
          }
          first = Math.min(first, x?.fromMonth ?? NEVER, y?.fromMonth ?? NEVER);
          break;
        }
      }
    }
    this.divergence.set(area, first);
    return first;
  }

  /** True when the candidate is proven to give this case the baseline's results. */
  isUnaffected(input: Case): boolean {
    if (this.identical) return true;
    const horizon = monthIndex(input.month);
    for (const h of input.person.hukou) {
      let latest = horizon;
      if (h.restoredOn !== undefined) latest = Math.max(latest, monthIndex(h.restoredOn));
      if (this.divergesFrom(h.area) <= latest) return false;
    }
    return true;
  }

  /** For reports: areas whose values differ, with the first month they do. */
  describe(areas: Iterable<string>): { area: string; from: string }[] {
    const out: { area: string; from: string }[] = [];
    for (const area of areas) {
      const m = this.divergesFrom(area);
      if (m !== NEVER) out.push({ area, from: formatYearMonth(m) });
    }
    return out;
  }
}
