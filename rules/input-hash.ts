/**
 * The receipt's inputHash: SHA-256 of the case in canonical form, without the ID number (it plays
 * no part in any amount, and a hash of it could be reversed by trying every number) and without the
 * ruleset id (the receipt names the ruleset and its hash beside it).
 */

import { canonicalHashWith } from './canonical-json.ts';
import { type Case, CaseSchema, PersonSchema } from './case.ts';
import { canonicalWalker } from './schema-fast-path.ts';

/** What the hash covers: the case without the ruleset id, its person without the ID number. */
const HashedCaseSchema = CaseSchema.omit({ ruleset: true }).extend({
  person: PersonSchema.omit({ idNumber: true }),
});

/** Canonical JSON of the hashed part, written by functions generated from its schema. */
const writeHashed = /* @__PURE__ */ canonicalWalker(HashedCaseSchema);

export function inputHash(input: Case): string {
  return canonicalHashWith(input, writeHashed);
}
