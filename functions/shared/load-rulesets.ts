/**
 * Reads rulesets from disk for the adapters (the engine in rules/ does no I/O: it builds a Ruleset
 * from content handed to it). A published ruleset under `root` is either
 * - a folder `<id>/` of YAML files: `ruleset.yaml` (the manifest), `areas.yaml`, `reasons.yaml` and
 *   `parameters/**.yaml` (how rules/rulesets/ is kept and edited), or
 * - a snapshot `<id>.json`: the same folder's parsed files (`RulesetContent`) as one JSON document,
 *   written by `writeRulesetSnapshots`. The Lambda bundles ship these (infra/bundling.ts),
 *   and the batch CLI caches them (functions/cli/cached-registry.ts).
 * Either way the content is validated by `Ruleset.build` and its hash verified against the
 * manifest, so a snapshot can no more change a published ruleset than an edited YAML file can.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ruleset, type RulesetContent, RulesetRegistry, RulesetValidationError } from '../../rules/index.ts';

/**
 * Where the published rulesets live in the repository (rules/rulesets/). A bundle is elsewhere:
 * Lambda and the batch CLI set RULESETS_DIR (infra/constructs/api-function.ts, functions/cli/run.mjs).
 */
export const DEFAULT_RULESETS_DIR = fileURLToPath(new URL('../../rules/rulesets/', import.meta.url));

/** The file name of a ruleset's snapshot inside a rulesets folder. */
export const snapshotFileName = (id: string) => `${id}.json`;

/**
 * `yaml` is loaded on the first YAML file read, not imported: a static import would put the
 * package (about a third of a Lambda bundle: docs/infra.md) into every function, though the functions
 * only ever read snapshots. Code that parses YAML for its own sake (drafts) imports it directly.
 */
const requireHere = createRequire(import.meta.url);
let yaml: typeof import('yaml') | undefined;

function readYaml(path: string): unknown {
  yaml ??= requireHere('yaml') as typeof import('yaml');
  try {
    return yaml.parse(readFileSync(path, 'utf8'), { uniqueKeys: true, schema: 'core' });
  } catch (error) {
    throw new RulesetValidationError([(error as Error).message], path);
  }
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFilesUnder(path);
      return name.endsWith('.yaml') ? [path] : [];
    });
}

/** The raw content of one ruleset folder (or a draft-merged folder), ready for `Ruleset.build`. */
export function readRulesetFolder(dir: string): RulesetContent {
  const parametersDir = join(dir, 'parameters');
  return {
    manifest: readYaml(join(dir, 'ruleset.yaml')),
    areas: readYaml(join(dir, 'areas.yaml')),
    reasons: readYaml(join(dir, 'reasons.yaml')),
    parameters: yamlFilesUnder(parametersDir).map((path) => ({
      file: relative(dir, path),
      content: readYaml(path),
    })),
  };
}

/** One published ruleset as read from disk, before validation: its id is its folder's or file's name. */
export interface StoredRuleset {
  readonly id: string;
  readonly content: RulesetContent;
}

function readSnapshot(path: string): RulesetContent {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RulesetContent;
  } catch (error) {
    throw new RulesetValidationError([(error as Error).message], path);
  }
}

/** Every ruleset under `root`, folders and snapshots, unvalidated; an id given both ways is an error. */
function readStoredRulesets(root: string): StoredRuleset[] {
  const stored = new Map<string, StoredRuleset>();
  for (const name of readdirSync(root).sort()) {
    const path = join(root, name);
    const isFolder = statSync(path).isDirectory();
    if (!isFolder && !name.endsWith('.json')) continue;
    const id = isFolder ? name : name.slice(0, -'.json'.length);
    if (stored.has(id))
      throw new RulesetValidationError([`ruleset ${id} is both a folder and a snapshot`], root);
    stored.set(id, { id, content: isFolder ? readRulesetFolder(path) : readSnapshot(path) });
  }
  return [...stored.values()];
}

/**
 * Validates each ruleset, verifies its hash, and checks it is stored under its own id.
 * `trustStatedHashes`: see Ruleset.build; only for snapshots proven identical to verified ones.
 */
export function buildRegistry(
  stored: readonly StoredRuleset[],
  root: string,
  trustStatedHashes = false,
): RulesetRegistry {
  return new RulesetRegistry(
    stored.map(({ id, content }) => {
      const ruleset = Ruleset.build(content, { verifyHash: true, trustStatedHash: trustStatedHashes });
      if (ruleset.id !== id)
        throw new RulesetValidationError([`folder ${id} holds ruleset ${ruleset.id}`], root);
      return ruleset;
    }),
  );
}

/** Loads and verifies every published ruleset under `root` (folders of YAML or JSON snapshots). */
export function loadRulesets(root: string = DEFAULT_RULESETS_DIR): RulesetRegistry {
  return buildRegistry(readStoredRulesets(root), root);
}

/**
 * Writes every ruleset under `root` as a snapshot `<id>.json` into `outDir`. Each snapshot is read
 * back and built, hash verified, before anything is written: JSON keeps everything the core YAML
 * schema yields, and this proves it for the rulesets at hand rather than assuming it. Returns the ids.
 */
export function writeRulesetSnapshots(root: string, outDir: string): string[] {
  const texts = readStoredRulesets(root).map(({ id, content }) => ({ id, text: JSON.stringify(content) }));
  buildRegistry(
    texts.map(({ id, text }) => ({ id, content: JSON.parse(text) as RulesetContent })),
    root,
  );
  mkdirSync(outDir, { recursive: true });
  for (const { id, text } of texts) writeFileSync(join(outDir, snapshotFileName(id)), text);
  return texts.map(({ id }) => id);
}
