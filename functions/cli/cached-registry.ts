/**
 * The published rulesets for the batch CLI, with their parsed files cached as snapshots.
 *
 * Parsing the YAML is most of a ruleset's load time (docs/cli.md, "Measured choices"), and the batch CLI loads the
 * rulesets in every worker thread at start-up, inside a 2-second budget. So the CLI keeps the
 * rulesets' snapshots (`writeRulesetSnapshots`, the same `<id>.json` files the Lambda bundles ship)
 * in its cache folder, beside a fingerprint of the path, size and modification time of every file
 * of the rulesets folder, and a SHA-256 of the bytes of each snapshot. A snapshot is written only
 * after it was built and its content hash verified; read back with the same bytes, it is built
 * again (every value validated) but its content hash is not worked out again: canonicalising the
 * whole ruleset in every worker cost more start-up than anything else in the load. If anything
 * about the cache is off, the rulesets are read from their YAML.
 */
import { hash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RulesetContent, RulesetRegistry } from '../../rules/index.ts';
import {
  buildRegistry,
  DEFAULT_RULESETS_DIR,
  loadRulesets,
  snapshotFileName,
  writeRulesetSnapshots,
} from '../shared/load-rulesets.ts';

const FINGERPRINT = 'fingerprint.txt';
/** `{ "<id>": "<sha256 of the snapshot file's bytes>" }`, written with the verified snapshots. */
const DIGESTS = 'digests.json';

function filesUnder(dir: string, root: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) filesUnder(path, root, out);
    else out.push(`${relative(root, path)}:${stat.size}:${stat.mtimeMs}`);
  }
  return out;
}

const digestOf = (bytes: Buffer) => hash('sha256', bytes, 'hex');

/** The cached snapshots, when each is byte for byte the one verified and written; else undefined. */
function fromSnapshots(dir: string): RulesetRegistry | undefined {
  const digests = JSON.parse(readFileSync(join(dir, DIGESTS), 'utf8')) as Record<string, string>;
  const stored = [];
  for (const [id, digest] of Object.entries(digests)) {
    const bytes = readFileSync(join(dir, snapshotFileName(id)));
    if (digestOf(bytes) !== digest) return undefined;
    stored.push({ id, content: JSON.parse(bytes.toString('utf8')) as RulesetContent });
  }
  return buildRegistry(stored, dir, true);
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
    if (readFileSync(join(snapshots, FINGERPRINT), 'utf8') === fingerprint) {
      const cached = fromSnapshots(snapshots);
      if (cached) return cached;
    }
  } catch {
    // No cache yet, or an unusable one: read the YAML below.
  }
  const registry = loadRulesets(root);
  // Written beside and renamed into place, so another worker never reads half a cache.
  const temporary = `${snapshots}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const ids = writeRulesetSnapshots(root, temporary);
    const digests = Object.fromEntries(
      ids.map((id) => [id, digestOf(readFileSync(join(temporary, snapshotFileName(id))))]),
    );
    writeFileSync(join(temporary, DIGESTS), JSON.stringify(digests));
    writeFileSync(join(temporary, FINGERPRINT), fingerprint);
    rmSync(snapshots, { recursive: true, force: true });
    renameSync(temporary, snapshots);
  } catch {
    // A read-only cache folder, or another worker renaming first, only costs time.
    rmSync(temporary, { recursive: true, force: true });
  }
  return registry;
}
