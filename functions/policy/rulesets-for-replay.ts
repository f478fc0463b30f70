/**
 * Picks the two rulesets of a replay: published ones by id, or a candidate built from a draft applied
 * to its base. Used by the CLI, the worker threads, the API and publishing. Drafts arrive here already
 * parsed (functions/policy/draft-text.ts reads the text where there is any), so this module, and every
 * bundle that imports it, does without the YAML parser.
 */
import { applyDraft, type Draft } from '../../rules/draft.ts';
import {
  compareRulesetIds,
  type Ruleset,
  type RulesetRegistry,
  RulesetValidationError,
} from '../../rules/index.ts';
import { DEFAULT_RULESETS_DIR, loadRulesets } from '../shared/load-rulesets.ts';

export function rulesetsDir(explicit?: string): string {
  return explicit ?? process.env.RULESETS_DIR ?? DEFAULT_RULESETS_DIR;
}

/** The id after the latest published one: 2026.1 → 2026.2 (or YEAR.1 in a later calendar year). */
export function nextRulesetId(registry: RulesetRegistry, year?: number): string {
  const latest = registry.latest.id;
  const [y, n] = latest.split('.').map(Number) as [number, number];
  if (year !== undefined && year > y) return `${year}.1`;
  return `${y}.${n + 1}`;
}

/** A candidate ruleset from a draft: validated like a published one, never written anywhere. */
export function candidateFromDraft(
  registry: RulesetRegistry,
  draft: Draft,
  publishedAt: string,
  id?: string,
): Ruleset {
  const base = registry.get(draft.base);
  const candidateId = id ?? draft.id ?? nextRulesetId(registry);
  if (registry.has(candidateId) || compareRulesetIds(candidateId, registry.latest.id) <= 0) {
    throw new RulesetValidationError(
      [`id: ${candidateId} is not after the latest published ruleset ${registry.latest.id}`],
      'draft',
    );
  }
  return applyDraft(base, draft, { id: candidateId, publishedAt });
}

export interface ReplayRulesetSpec {
  readonly rulesetsDir?: string;
  readonly baseline: string;
  /**
   * A published id, or a parsed draft (from a file, an upload or a stored item) with the name the
   * report shows for it. The object, not its text: worker threads get a structured copy and need no
   * YAML parser.
   */
  readonly candidate: { id: string } | { draft: Draft; draftName: string };
  /** The day a draft candidate would be published on (the caller's clock). */
  readonly today: string;
}

export function resolveReplayRulesets(spec: ReplayRulesetSpec): {
  registry: RulesetRegistry;
  baseline: Ruleset;
  candidate: Ruleset;
  draft?: Draft;
} {
  const registry = loadRulesets(rulesetsDir(spec.rulesetsDir));
  const baseline = registry.get(spec.baseline);
  if ('id' in spec.candidate) return { registry, baseline, candidate: registry.get(spec.candidate.id) };
  const { draft } = spec.candidate;
  return { registry, baseline, candidate: candidateFromDraft(registry, draft, spec.today), draft };
}

/** Today's calendar date in China (the offices' day), for adapters; rules/ never reads the clock. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
