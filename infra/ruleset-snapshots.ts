/**
 * tsx infra/ruleset-snapshots.ts RULESETS_DIR OUT_DIR
 *
 * Writes each published ruleset of RULESETS_DIR as one JSON snapshot OUT_DIR/<id>.json (its parsed
 * files; functions/shared/load-rulesets.ts `writeRulesetSnapshots`). Run by every function's afterBundling hook
 * (infra/bundling.ts), so a Lambda reads JSON at cold start and its bundle needs no YAML parser.
 * A ruleset that fails validation or its hash fails the synth here rather than a cold start later.
 */
import { writeRulesetSnapshots } from '../functions/shared/load-rulesets.ts';

const [root, outDir] = process.argv.slice(2);
if (!root || !outDir) {
  process.stderr.write('usage: tsx infra/ruleset-snapshots.ts RULESETS_DIR OUT_DIR\n');
  process.exit(2);
}
const ids = writeRulesetSnapshots(root, outDir);
process.stdout.write(`ruleset snapshots: ${ids.join(', ')} → ${outDir}\n`);
