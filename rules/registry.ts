/** The published rulesets, oldest first; any of them can be asked for by id, forever. */
import { UnknownRulesetError } from './errors.ts';
import type { Ruleset, RulesetSummary } from './ruleset.ts';

/** Orders ruleset ids "2025.1" < "2025.2" < "2026.1" numerically, not as text. */
export function compareRulesetIds(a: string, b: string): number {
  const [ay, an] = a.split('.').map(Number) as [number, number];
  const [by, bn] = b.split('.').map(Number) as [number, number];
  return ay - by || an - bn;
}

export class RulesetRegistry {
  private readonly byId: ReadonlyMap<string, Ruleset>;
  private readonly ordered: readonly Ruleset[];

  constructor(rulesets: readonly Ruleset[]) {
    if (rulesets.length === 0) throw new Error('a registry needs at least one published ruleset');
    this.ordered = [...rulesets].sort((a, b) => compareRulesetIds(a.id, b.id));
    this.byId = new Map(this.ordered.map((r) => [r.id, r]));
  }

  /** Published rulesets, newest last. */
  list(): RulesetSummary[] {
    return this.ordered.map((r) => r.summary());
  }

  get latest(): Ruleset {
    return this.ordered[this.ordered.length - 1] as Ruleset;
  }

  /** The ruleset with this id, or the latest when no id is given. */
  get(id?: string): Ruleset {
    if (id === undefined) return this.latest;
    const ruleset = this.byId.get(id);
    if (!ruleset) throw new UnknownRulesetError(id);
    return ruleset;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }
}
