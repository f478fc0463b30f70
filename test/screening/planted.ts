/**
 * Checks a screening's per-person results against the planted cases of the generator
 * (test/bench/generate-screening.ts): every planted person found, under its pseudonym, with the
 * class (and reason or problem) planted.
 */
import { expect } from 'vitest';
import { PROBLEM_NAMES_ZH } from '../../functions/screening/classes.ts';
import type { PersonResult } from '../../functions/screening/classify.ts';
import { pseudonymOf } from '../../functions/shared/pseudonym.ts';
import type { PlantedCase } from '../bench/generate-screening.ts';

export const TEST_KEY = Buffer.alloc(32, 7);

export function parsePersons(jsonl: string): Map<string, PersonResult> {
  const persons = jsonl
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as PersonResult);
  return new Map(persons.map((p) => [p.person, p]));
}

export function expectPlantedFound(
  persons: Map<string, PersonResult>,
  planted: readonly PlantedCase[],
): void {
  for (const c of planted) {
    const person = persons.get(pseudonymOf(c.id, TEST_KEY));
    const found = (person?.findings ?? []).filter(
      (f) =>
        f.class === c.class &&
        (c.reason === undefined || (f.class === 'excluded' && f.reason === c.reason)) &&
        (c.problem === undefined || (f.class === 'data-problem' && f.problem === c.problem)),
    );
    expect(found, `${c.class} ${c.reason ?? c.problem ?? ''}: ${c.note}`).toHaveLength(1);
  }
}

/** The rows of results.csv as records by its Chinese column names (planted values hold no comma or quote). */
function resultRecords(csv: string): Record<string, string>[] {
  const [header = '', ...lines] = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n');
  const names = header.split(',');
  return lines.map((l) => {
    const cells = l.split(',');
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
  });
}

/** Every planted case is one row of results.csv, under its pseudonym, with its class and reason or problem. */
export function expectPlantedInResultsCsv(csv: string, planted: readonly PlantedCase[]): void {
  const rows = resultRecords(csv);
  for (const c of planted) {
    const person = pseudonymOf(c.id, TEST_KEY);
    const detail =
      c.reason ?? (c.problem ? PROBLEM_NAMES_ZH[c.problem as keyof typeof PROBLEM_NAMES_ZH] : undefined);
    const found = rows.filter(
      (r) =>
        r['个人标识(HMAC)'] === person &&
        r.类别代码 === c.class &&
        (detail === undefined || r.问题或原因 === detail),
    );
    expect(found, `${c.class} ${c.reason ?? c.problem ?? ''}: ${c.note}`).toHaveLength(1);
  }
}
