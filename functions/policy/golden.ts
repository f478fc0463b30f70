/**
 * Runs the golden suite (test/golden/*.yaml, the format test/golden/golden.test.ts defines: name,
 * reference, ruleset?, endpoint, input, expected) against any registry, so publishing can ask "would
 * this candidate change a golden result?" before it writes anything. A case that pins `ruleset` runs
 * against that published version; a case without one runs against the registry's latest, which during
 * publishing is the candidate. Matching is the suite's: `expected` is a deep partial of the result
 * (objects may have more fields; arrays have exactly the listed elements, each matched partially).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as z from 'zod';
import { parseCase, RulesError, RulesetIdSchema, type RulesetRegistry } from '../../rules/index.ts';
import { assess } from '../shared/calculate.ts';

/** A refusal a golden case expects instead of a result. */
export const ErrorExpectationSchema = z.strictObject({
  status: z.union([z.literal(400), z.literal(404), z.literal(422)]),
  code: z.enum(['INVALID_REQUEST', 'IMPOSSIBLE_CASE', 'NOT_COVERED', 'MISSING_FACT', 'UNKNOWN_RULESET']),
  path: z.string().optional(),
});

/** One golden case: the format of test/golden/*.yaml (rules/README.md, "Writing a golden case"). */
const GoldenCaseSchema = z.strictObject({
  name: z.string().min(1),
  reference: z.string().min(1),
  ruleset: RulesetIdSchema.optional(),
  endpoint: z.enum(['eligibility', 'entitlement', 'arrears', 'parameters']),
  input: z.unknown(),
  expected: z.union([z.strictObject({ error: ErrorExpectationSchema }), z.record(z.string(), z.unknown())]),
});
export type GoldenCase = z.infer<typeof GoldenCaseSchema>;

/** The cases of one golden file, validated. */
export function loadGoldenFile(path: string): GoldenCase[] {
  const raw = parse(readFileSync(path, 'utf8'), { merge: true, uniqueKeys: true });
  return z.array(GoldenCaseSchema).min(1).parse(raw);
}

export interface GoldenOutcome {
  readonly file: string;
  readonly name: string;
  readonly pinned: string | undefined;
  readonly passed: boolean;
  readonly detail?: string;
}

/** True when `actual` contains `expected` the way vitest's toMatchObject means it. */
function matchesPartially(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matchesPartially(actual[i], e))
    );
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([k, v]) =>
      matchesPartially((actual as Record<string, unknown>)[k], v),
    );
  }
  return Object.is(actual, expected);
}

/** Runs one case as the API would, minus the receipt. */
export function runGoldenCase(golden: GoldenCase, registry: RulesetRegistry): unknown {
  if (golden.endpoint === 'parameters') {
    const { area, date } = z.strictObject({ area: z.string(), date: z.string() }).parse(golden.input);
    const ruleset = registry.get(golden.ruleset);
    return Object.fromEntries(ruleset.resolveAll(area, date).map((t) => [t.id, t]));
  }
  const body =
    golden.ruleset !== undefined && golden.input !== null && typeof golden.input === 'object'
      ? { ruleset: golden.ruleset, ...(golden.input as object) }
      : golden.input;
  const input = parseCase(body);
  return assess(golden.endpoint, input, registry.get(input.ruleset));
}

function outcomeOf(golden: GoldenCase, registry: RulesetRegistry): { passed: boolean; detail?: string } {
  const expected = golden.expected;
  if ('error' in expected) {
    const want = expected.error as { code?: string };
    try {
      runGoldenCase(golden, registry);
      return { passed: false, detail: `expected the error ${want.code}, got a result` };
    } catch (error) {
      if (error instanceof RulesError && error.code === want.code) return { passed: true };
      return { passed: false, detail: `expected the error ${want.code}, got ${(error as Error).message}` };
    }
  }
  try {
    const result = runGoldenCase(golden, registry);
    if (matchesPartially(result, expected)) return { passed: true };
    const shown = Object.fromEntries(
      Object.keys(expected).map((k) => [k, (result as Record<string, unknown>)[k]]),
    );
    return { passed: false, detail: `got ${JSON.stringify(shown).slice(0, 300)}` };
  } catch (error) {
    return { passed: false, detail: (error as Error).message };
  }
}

export function goldenFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

/** Every case of every golden file, run against `registry`. */
export function runGoldenSuite(dir: string, registry: RulesetRegistry): GoldenOutcome[] {
  const outcomes: GoldenOutcome[] = [];
  for (const file of goldenFiles(dir)) {
    let cases: GoldenCase[];
    try {
      cases = loadGoldenFile(join(dir, file));
    } catch (error) {
      outcomes.push({
        file,
        name: '(file)',
        pinned: undefined,
        passed: false,
        detail: (error as Error).message,
      });
      continue;
    }
    for (const golden of cases) {
      outcomes.push({ file, name: golden.name, pinned: golden.ruleset, ...outcomeOf(golden, registry) });
    }
  }
  return outcomes;
}
