/**
 * Reads rulesets from disk: `rules/rulesets/<id>/` holds `ruleset.yaml` (the manifest),
 * `areas.yaml`, `reasons.yaml` and `parameters/**.yaml`. The only file access in rules/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { RulesetValidationError } from './errors.ts';
import { RulesetRegistry } from './registry.ts';
import { Ruleset, type RulesetContent } from './ruleset.ts';

/** Where the published rulesets live, beside this module (and beside the bundle in Lambda). */
export const DEFAULT_RULESETS_DIR = fileURLToPath(new URL('./rulesets/', import.meta.url));

function readYaml(path: string): unknown {
  try {
    return parse(readFileSync(path, 'utf8'), { uniqueKeys: true, schema: 'core' });
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

/** Loads and verifies every published ruleset under `root`. */
export function loadRulesets(root: string = DEFAULT_RULESETS_DIR): RulesetRegistry {
  const ids = readdirSync(root).filter((name) => statSync(join(root, name)).isDirectory());
  const rulesets = ids.map((id) => {
    const ruleset = Ruleset.build(readRulesetFolder(join(root, id)), { verifyHash: true });
    if (ruleset.id !== id)
      throw new RulesetValidationError([`folder ${id} holds ruleset ${ruleset.id}`], root);
    return ruleset;
  });
  return new RulesetRegistry(rulesets);
}
