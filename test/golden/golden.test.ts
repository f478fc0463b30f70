/**
 * Golden cases: every YAML file in this folder is a list of cases a policy officer can read and
 * write (see rules/README.md, "Writing a golden case"). Each case runs one calculation through the
 * engine exactly as the API does (parseCase, then the ruleset, then the calculation) and its result
 * must contain `expected` (deep partial match: objects may have more fields, arrays must have
 * exactly the listed elements, each matched partially). Expected figures come from the parameter
 * files and the contract, worked out by hand, never from the engine's own output.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ErrorExpectationSchema,
  goldenFiles,
  loadGoldenFile,
  runGoldenCase,
} from '../../functions/policy/golden.ts';
import { toProblem } from '../../functions/shared/problem.ts';
import { REASON_CODES, RulesError } from '../../rules/index.ts';
import { REQUIRED_PARAMETERS } from '../../rules/parameter-ids.ts';
import { published } from '../rules/helpers.ts';

const DIR = fileURLToPath(new URL('./', import.meta.url));
const files = goldenFiles(DIR);
const registry = published();
const load = (file: string) => loadGoldenFile(`${DIR}${file}`);
const run = (golden: Parameters<typeof runGoldenCase>[0]) => runGoldenCase(golden, registry);

// What the whole golden suite exercised, checked at the end: every rule and every parameter.
const seenReasons = new Set<string>();
const seenParameters = new Set<string>();

function collect(result: unknown): void {
  const walk = (v: unknown, key?: string) => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x, key);
    } else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.id === 'string' && typeof o.provisional === 'boolean') seenParameters.add(o.id);
      if (typeof o.code === 'string' && key === 'reasons') seenReasons.add(o.code);
      for (const [k, x] of Object.entries(o)) walk(x, k);
    } else if (key === 'provisional' && typeof v === 'string') seenParameters.add(v);
  };
  walk(result);
}

describe.each(files)('%s', (file) => {
  const cases = load(file);

  it('has unique case names', () => {
    const names = cases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, golden) => {
    const expected = golden.expected;
    if ('error' in expected) {
      const want = ErrorExpectationSchema.parse(expected.error);
      let thrown: unknown;
      try {
        run(golden);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, 'the case was expected to be refused').toBeInstanceOf(RulesError);
      const error = thrown as RulesError & { errors?: { path: string }[] };
      expect(error.code).toBe(want.code);
      expect(toProblem(error).status).toBe(want.status);
      if (want.path !== undefined) expect(error.errors?.map((e) => e.path)).toContain(want.path);
      return;
    }
    const result = run(golden);
    if (golden.endpoint !== 'parameters') collect(result);
    expect(result).toMatchObject(expected);
    const id = (golden.input as { person?: { idNumber?: string } }).person?.idNumber;
    if (id !== undefined) expect(JSON.stringify(result)).not.toContain(id.slice(0, 17));
  });
});

describe('the golden suite as a whole', () => {
  // Runs after every file above (tests in a file run in order), over what they exercised.
  it('exercises every reason code and every parameter the calculations read', () => {
    const unusedReasons = REASON_CODES.filter((c) => !seenReasons.has(c));
    // The capped back-pay rule is not in force in any published ruleset, so its cap is never read;
    // test/rules/assess.test.ts exercises it on a draft.
    const unusedParameters = Object.keys(REQUIRED_PARAMETERS).filter(
      (id) => !seenParameters.has(id) && id !== 'restored-hukou.back-pay-cap-months',
    );
    expect({ unusedReasons, unusedParameters }).toEqual({ unusedReasons: [], unusedParameters: [] });
  });
});
