/** The published rulesets, loaded once per process (a Lambda cold start, the CLI, the local server). */
import type { RulesetRegistry } from '../../rules/index.ts';
import { DEFAULT_RULESETS_DIR, loadRulesets } from './load-rulesets.ts';

let registry: RulesetRegistry | undefined;

/** RULESETS_DIR overrides where rulesets are read from (the Lambda bundle ships them beside itself). */
export function getRegistry(): RulesetRegistry {
  registry ??= loadRulesets(process.env.RULESETS_DIR ?? DEFAULT_RULESETS_DIR);
  return registry;
}
