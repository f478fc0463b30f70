/**
 * The receipt's inputHash: SHA-256 of the case in canonical form, without the ID number (it plays
 * no part in any amount, and a hash of it could be reversed by trying every number) and without the
 * ruleset id (the receipt names the ruleset and its hash beside it).
 */

import { canonicalHash } from './canonical-json.ts';
import type { Case } from './case.ts';

export function inputHash(input: Case): string {
  const { idNumber: _idNumber, ...person } = input.person;
  const { ruleset: _ruleset, ...rest } = input;
  return canonicalHash({ ...rest, person });
}
