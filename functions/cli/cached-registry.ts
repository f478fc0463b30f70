/**
 * The published rulesets for the batch CLI, with their parsed files cached as snapshots.
 *
 * Parsing the YAML is most of a ruleset's load time (about 0.1 s), and the batch CLI loads the
 * rulesets in every worker thread at start-up, inside a 2-second budget. So the CLI keeps the
 * rulesets' snapshots (`writeRulesetSnapshots`, the same `<id>.json` files the Lambda bundles ship)
 * in its cache folder, beside a fingerprint of the path, size and modification time of every file
 * of the rulesets folder. Nothing is trusted from the cache that loading would not check anyway:
 * `loadRulesets` builds and validates each snapshot and verifies its content hash against its
 * manifest; if anything about the cache is off, the rulesets are read from their YAML.
 */
import { hash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  DEFAULT_RULESETS_DIR,
  loadRulesets,
  type RulesetRegistry,
  writeRulesetSnapshots,
} from '../../rules/index.ts';

const FINGERPRINT = 'fingerprint.txt';

function filesUnder(dir: string, root: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) filesUnder(path, root, out);
    else out.push(`${relative(root, path)}:${stat.size}:${stat.mtimeMs}`);
  }
  return out;
}

/**
 * The registry of the rulesets under RULESETS_DIR (or the default folder). Caches only when
 * PENSION_CLI_CACHE_DIR names a folder (functions/cli/run.mjs sets it); otherwise plain loading.
 */
export function cachedRegistry(
  root: string = process.env.RULESETS_DIR ?? DEFAULT_RULESETS_DIR,
): RulesetRegistry {
  const cacheDir = process.env.PENSION_CLI_CACHE_DIR;
  if (!cacheDir) return loadRulesets(root);
  const fingerprint = filesUnder(root, root, []).join('\n');
  const snapshots = join(cacheDir, `rulesets-${hash('sha256', root, 'hex').slice(0, 16)}`);
  try {
    if (readFileSync(join(snapshots, FINGERPRINT), 'utf8') === fingerprint) return loadRulesets(snapshots);
  } catch {
    // No cache yet, or an unusable one: read the YAML below.
  }
  const registry = loadRulesets(root);
  // Written beside and renamed into place, so another worker never reads half a cache.
  const temporary = `${snapshots}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeRulesetSnapshots(root, temporary);
    writeFileSync(join(temporary, FINGERPRINT), fingerprint);
    rmSync(snapshots, { recursive: true, force: true });
    renameSync(temporary, snapshots);
  } catch {
    // A read-only cache folder, or another worker renaming first, only costs time.
    rmSync(temporary, { recursive: true, force: true });
  }
  return registry;
}
