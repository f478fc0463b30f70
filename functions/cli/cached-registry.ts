/**
 * The published rulesets for the batch CLI, with their parsed files cached as JSON.
 *
 * Parsing the YAML is most of a ruleset's load time (about 0.1 s), and the batch CLI loads the
 * rulesets in every worker thread at start-up, inside a 2-second budget. So the parsed files (what
 * `readRulesetFolder` returns) are kept in the CLI's cache folder, keyed by the path, size and
 * modification time of every file of the rulesets folder. Nothing is trusted from the cache that
 * loading would not check anyway: each ruleset is still built and validated by `Ruleset.build`,
 * and its content hash verified against its manifest; if anything about the cache is off, the
 * rulesets are read from their YAML as `loadRulesets` does.
 */
import { hash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  DEFAULT_RULESETS_DIR,
  loadRulesets,
  Ruleset,
  type RulesetContent,
  RulesetRegistry,
  RulesetValidationError,
  readRulesetFolder,
} from '../../rules/index.ts';

interface CacheFile {
  readonly fingerprint: string;
  readonly rulesets: readonly { readonly id: string; readonly content: RulesetContent }[];
}

function filesUnder(dir: string, root: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) filesUnder(path, root, out);
    else out.push(`${relative(root, path)}:${stat.size}:${stat.mtimeMs}`);
  }
  return out;
}

function build(rulesets: CacheFile['rulesets'], root: string): RulesetRegistry {
  return new RulesetRegistry(
    rulesets.map(({ id, content }) => {
      const ruleset = Ruleset.build(content, { verifyHash: true });
      if (ruleset.id !== id)
        throw new RulesetValidationError([`folder ${id} holds ruleset ${ruleset.id}`], root);
      return ruleset;
    }),
  );
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
  const cacheFile = join(cacheDir, `rulesets-${hash('sha256', root, 'hex').slice(0, 16)}.json`);
  try {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as CacheFile;
    if (cached.fingerprint === fingerprint) return build(cached.rulesets, root);
  } catch {
    // No cache yet, or an unusable one: read the YAML below.
  }
  const ids = readdirSync(root).filter((name) => statSync(join(root, name)).isDirectory());
  const rulesets = ids.map((id) => ({ id, content: readRulesetFolder(join(root, id)) }));
  const registry = build(rulesets, root);
  try {
    mkdirSync(cacheDir, { recursive: true });
    const temporary = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temporary, JSON.stringify({ fingerprint, rulesets } satisfies CacheFile));
    renameSync(temporary, cacheFile);
  } catch {
    // A read-only cache folder only costs time.
  }
  return registry;
}
