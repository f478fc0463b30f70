/**
 * What a screening on Step Functions is asked to do (its execution input), and the ruleset it runs
 * under, resolved once per warm Lambda container as functions/screening/run-screening.ts resolves it.
 *
 *   { "month": "2026-06", "ruleset": "2026.2",
 *     "lists": [{ "kind": "hukou", "key": "lists/hukou.csv" }, { "kind": "hardship", "key": "…" }, …] }
 */
import type { Ruleset } from '../../rules/index.ts';
import type { ListKind } from '../screening/lists.ts';
import { screeningRuleset } from '../screening/run-screening.ts';
import { getRegistry } from '../shared/registry.ts';

export interface ScreeningExecution {
  readonly month: string;
  readonly ruleset?: string;
  /** Objects of the lists bucket; a name ending .csv is CSV, anything else JSON Lines. */
  readonly lists: readonly { readonly kind: ListKind; readonly key: string }[];
}

/** The BatchInput every child batch of the map receives. */
export interface ScreeningBatchSpec {
  readonly month: string;
  readonly ruleset: string;
  /** S3 prefix of this execution's outputs in the results bucket: screenings/<execution name>. */
  readonly resultsPrefix: string;
}

const cache = new Map<string, Ruleset>();

export function rulesetFor(spec: { month: string; ruleset?: string }): Ruleset {
  const key = `${spec.ruleset ?? ''}|${spec.month}`;
  let ruleset = cache.get(key);
  if (!ruleset) {
    ruleset = screeningRuleset(getRegistry(), spec.ruleset, spec.month);
    cache.set(key, ruleset);
  }
  return ruleset;
}
