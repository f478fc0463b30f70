/**
 * Shared test helpers: the published registry (loaded once per test file) and modified copies of a
 * ruleset, built through `Ruleset.build` exactly as a draft would be, so a variant rule can be
 * exercised without touching a published ruleset.
 */

import { loadRulesets } from '../../functions/shared/load-rulesets.ts';
import {
  type Case,
  parseCase,
  Ruleset,
  type RulesetContent,
  type RulesetRegistry,
} from '../../rules/index.ts';

let registry: RulesetRegistry | undefined;

export function published(): RulesetRegistry {
  registry ??= loadRulesets();
  return registry;
}

/** Ruleset 2026.1: the hand-worked figures of the engine's unit tests come from its parameter files. */
export function ruleset2026_1(): Ruleset {
  return published().get('2026.1');
}

/** The latest published ruleset, for the properties that must hold for whatever is current. */
export function latest(): Ruleset {
  return published().latest;
}

type Content = Ruleset['content'];
export type ParameterFileContent = Content['parameters'][number];
export type ValueEntry = ParameterFileContent['values'][string][number];

/** The raw form `Ruleset.build` takes, from a ruleset's hashed content. */
export function rawContent(content: Content): RulesetContent {
  return {
    manifest: content.manifest,
    areas: content.areas,
    reasons: content.reasons,
    parameters: content.parameters.map((p) => ({ file: `parameters/${p.id}.yaml`, content: p })),
  };
}

/** A copy of `base` changed by `edit`, validated and built like a draft (no published hash). */
export function variant(base: Ruleset, edit: (content: Content) => void): Ruleset {
  const content = structuredClone(base.content) as Content;
  edit(content);
  return Ruleset.build(rawContent(content), { verifyHash: false });
}

export function parameterOf(content: Content, id: string): ParameterFileContent {
  const parameter = content.parameters.find((p) => p.id === id);
  if (!parameter) throw new Error(`no parameter ${id}`);
  return parameter;
}

/** A value entry with a source, as a parameter file would hold it. */
export function value(from: string, v: unknown, provisional = false): ValueEntry {
  return {
    from,
    value: v,
    source: { document: 'test fixture' },
    provisional,
    ...(provisional ? { reason: 'test fixture' } : {}),
  } as ValueEntry;
}

/** Sets one parameter's values for one area layer (replacing that layer). */
export function withValues(base: Ruleset, id: string, area: string, values: ValueEntry[]): Ruleset {
  return variant(base, (content) => {
    parameterOf(content, id).values[area] = values;
  });
}

/** A well-formed case: `parseCase` of a plain object, so tests state cases as the contract does. */
export function kase(body: unknown): Case {
  return parseCase(body);
}
