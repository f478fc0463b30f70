/**
 * The batch CLI's ruleset cache: snapshots are used only while the rulesets folder is unchanged and
 * each snapshot is byte for byte the one verified when it was written; anything else reads the YAML.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedRegistry } from '../../functions/cli/cached-registry.ts';
import { DEFAULT_RULESETS_DIR, loadRulesets } from '../../functions/shared/load-rulesets.ts';
import type { RulesetRegistry } from '../../rules/index.ts';

let work: string;
let root: string;
let cacheDir: string;
const previousCacheDir = process.env.PENSION_CLI_CACHE_DIR;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'pension-cache-'));
  root = join(work, 'rulesets');
  cacheDir = join(work, 'cache');
  cpSync(DEFAULT_RULESETS_DIR, root, { recursive: true });
  process.env.PENSION_CLI_CACHE_DIR = cacheDir;
});

afterEach(() => {
  if (previousCacheDir === undefined) delete process.env.PENSION_CLI_CACHE_DIR;
  else process.env.PENSION_CLI_CACHE_DIR = previousCacheDir;
  rmSync(work, { recursive: true, force: true });
});

/** The one cache folder for `root`, and the snapshot file of the latest ruleset in it. */
function cacheFiles(registry: RulesetRegistry) {
  const folder = join(cacheDir, readdirSync(cacheDir)[0] as string);
  return { folder, snapshot: join(folder, `${registry.latest.id}.json`) };
}

/** What a calculation sees of each ruleset: id, hash, every value, and one value looked up. */
function outline(registry: RulesetRegistry) {
  return registry.list().map(({ id }) => {
    const ruleset = registry.get(id);
    const qinzhou = ruleset.at('basic-pension.county-top-up', '620502', 2020 * 12 + 4).value;
    return { id, hash: ruleset.hash, content: ruleset.content, qinzhou };
  });
}

describe('cachedRegistry', () => {
  it('gives the rulesets exactly as loading their YAML does, first from YAML, then from the cache', () => {
    const plain = outline(loadRulesets(root));
    const first = cachedRegistry(root);
    expect(outline(first)).toEqual(plain);
    const { folder, snapshot } = cacheFiles(first);
    const written = statSync(snapshot).mtimeMs;
    expect(JSON.parse(readFileSync(join(folder, 'digests.json'), 'utf8'))).toHaveProperty(first.latest.id);

    const second = cachedRegistry(root);
    expect(outline(second)).toEqual(plain);
    // Read from the cache, not written again.
    expect(statSync(snapshot).mtimeMs).toBe(written);
  });

  it('reads the YAML again when a snapshot was changed, even with its stated hash kept', () => {
    const first = cachedRegistry(root);
    const { snapshot } = cacheFiles(first);
    const text = readFileSync(snapshot, 'utf8');
    // Another amount for a value of the ruleset: valid, and the manifest still states the old hash.
    const tampered = text.replace('"2.00"', '"99.00"');
    expect(tampered).not.toBe(text);
    writeFileSync(snapshot, tampered);

    const again = cachedRegistry(root);
    expect(outline(again)).toEqual(outline(loadRulesets(root)));
    // And the cache was written afresh from the YAML.
    expect(readFileSync(cacheFiles(again).snapshot, 'utf8')).toBe(text);
  });

  it('reads the YAML again when a file of the rulesets folder changed', () => {
    const first = cachedRegistry(root);
    const { snapshot } = cacheFiles(first);
    const manifest = join(root, first.latest.id, 'ruleset.yaml');
    writeFileSync(manifest, `${readFileSync(manifest, 'utf8')}\n# a comment changes size and time\n`);
    const written = statSync(snapshot).mtimeMs;

    expect(outline(cachedRegistry(root))).toEqual(outline(loadRulesets(root)));
    expect(statSync(cacheFiles(first).snapshot).mtimeMs).not.toBe(written);
  });
});
