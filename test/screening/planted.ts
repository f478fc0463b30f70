/**
 * Checks a screening's per-person results against the planted cases of the generator
 * (test/bench/generate-screening.ts): every planted person found, under its pseudonym, with the
 * class (and reason or problem) planted.
 */
import { expect } from 'vitest';
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
