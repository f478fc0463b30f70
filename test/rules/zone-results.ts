/**
 * tsx test/rules/zone-results.ts → one JSON line: the host's UTC offset on a summer and a winter day,
 * and the SHA-256 of every result of a fixed set of calculations: each golden case (result or
 * refusal) and a fixed sample of generated cases (test/property/arbitraries.ts) under each published
 * ruleset, through eligibility, entitlement and arrears. test/rules/time-zone.test.ts runs it under
 * other zones and compares: the engine reads no clock and no zone, so every hash must be the same.
 */
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { goldenFiles, loadGoldenFile, runGoldenCase } from '../../functions/policy/golden.ts';
import { loadRulesets } from '../../functions/shared/load-rulesets.ts';
import { canonicalHash } from '../../rules/canonical-json.ts';
import { assessArrears, assessEligibility, assessEntitlement } from '../../rules/index.ts';
import { arbCase } from '../property/arbitraries.ts';

export interface ZoneResults {
  readonly zone: string | undefined;
  /** Minutes behind UTC on 2020-01-01 and 1988-07-01 (China kept daylight saving 1986–1991). */
  readonly offsets: readonly [number, number];
  /** One hash per calculation, in a fixed order. */
  readonly hashes: readonly string[];
}

const GOLDEN_DIR = fileURLToPath(new URL('../golden/', import.meta.url));

function outcome(run: () => unknown): string {
  try {
    return canonicalHash(run());
  } catch (error) {
    return canonicalHash({ error: (error as Error).name, message: (error as Error).message });
  }
}

export function zoneResults(sampleSize: number): ZoneResults {
  const registry = loadRulesets();
  const hashes: string[] = [];
  for (const file of goldenFiles(GOLDEN_DIR)) {
    for (const golden of loadGoldenFile(`${GOLDEN_DIR}${file}`)) {
      hashes.push(outcome(() => runGoldenCase(golden, registry)));
    }
  }
  for (const { id } of registry.list()) {
    const ruleset = registry.get(id);
    for (const c of fc.sample(arbCase(ruleset), { numRuns: sampleSize, seed: 20261206 })) {
      hashes.push(outcome(() => assessEligibility(c, ruleset)));
      hashes.push(outcome(() => assessEntitlement(c, ruleset)));
      hashes.push(outcome(() => assessArrears(c, ruleset)));
    }
  }
  const offset = (y: number, m: number) => new Date(Date.UTC(y, m, 1, 12)).getTimezoneOffset();
  return { zone: process.env.TZ, offsets: [offset(2020, 0), offset(1988, 6)], hashes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(zoneResults(Number(process.argv[2] ?? 300)))}\n`);
}
