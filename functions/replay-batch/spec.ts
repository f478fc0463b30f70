/**
 * What a replay on Step Functions is asked to do, as its execution input and as the BatchInput every
 * child batch receives. The rulesets are resolved exactly as the CLI resolves them
 * (functions/policy/rulesets-for-replay.ts), once per warm Lambda container and spec. A draft comes in
 * the execution input as JSON (docs/infra.md): a YAML parser in these two functions would cost every
 * cold start for a conversion `npx yaml --single --json` does once on the caller's side.
 */
import { parseDraft } from '../../rules/draft.ts';
import type { Ruleset } from '../../rules/index.ts';
import {
  type ReplayRulesetSpec,
  resolveReplayRulesets,
  todayInChina,
} from '../policy/rulesets-for-replay.ts';

export interface ReplaySpec {
  readonly baseline: string;
  /** A published ruleset id, or a draft (the draft file's content as JSON, and a name for the report). */
  readonly candidate: string | { readonly draft: unknown; readonly draftName: string };
  /** Evaluate every case at this month instead of its own. */
  readonly month?: string;
  /** The execution's start time (ISO): a draft candidate is dated on that day, China time. */
  readonly startedAt: string;
  /** S3 prefix of this execution's outputs in the results bucket: replays/<execution name>. */
  readonly resultsPrefix: string;
}

export interface ResolvedRulesets {
  readonly baseline: Ruleset;
  readonly candidate: Ruleset;
  readonly spec: ReplayRulesetSpec;
}

const cache = new Map<string, ResolvedRulesets>();

export function rulesetsFor(spec: ReplaySpec): ResolvedRulesets {
  const key = JSON.stringify([spec.baseline, spec.candidate, spec.startedAt.slice(0, 10)]);
  let resolved = cache.get(key);
  if (!resolved) {
    const rulesetSpec: ReplayRulesetSpec = {
      baseline: spec.baseline,
      candidate:
        typeof spec.candidate === 'string'
          ? { id: spec.candidate }
          : { draft: parseDraft(spec.candidate.draft), draftName: spec.candidate.draftName },
      today: todayInChina(new Date(spec.startedAt)),
      ...(process.env.RULESETS_DIR ? { rulesetsDir: process.env.RULESETS_DIR } : {}),
    };
    const { baseline, candidate } = resolveReplayRulesets(rulesetSpec);
    resolved = { baseline, candidate, spec: rulesetSpec };
    cache.set(key, resolved);
  }
  return resolved;
}
