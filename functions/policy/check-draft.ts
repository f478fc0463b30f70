/**
 * The draft check of the policy routes: a draft validated against the published rulesets, giving
 * its candidate and diff, with validation problems turned into a 422 that names each change.
 */
import { type Draft, diffRulesets } from '../../rules/draft.ts';
import { RulesetValidationError, UnknownRulesetError } from '../../rules/index.ts';
import { HttpError } from '../shared/http-errors.ts';
import { getRegistry } from '../shared/registry.ts';
import { candidateFromDraft, todayInChina } from './rulesets-for-replay.ts';

function invalidDraft(error: RulesetValidationError): HttpError {
  return new HttpError(
    422,
    'invalid-draft',
    'The draft is not valid',
    error.message,
    error.problems.map((message) => ({ path: 'draft', message })),
  );
}

/**
 * Reads a draft with `read` and validates it against the published rulesets: the candidate and its
 * diff. `read` is how the caller gets its draft (`parseDraft` of an object, or `readDraftText` of
 * YAML in the one route that accepts text); its problems become the same 422 as the candidate's.
 */
export function checkDraft(read: () => Draft) {
  try {
    const draft = read();
    const registry = getRegistry();
    const candidate = candidateFromDraft(registry, draft, todayInChina());
    return { draft, candidate, diff: diffRulesets(registry.get(draft.base), candidate) };
  } catch (error) {
    if (error instanceof RulesetValidationError) throw invalidDraft(error);
    if (error instanceof UnknownRulesetError) {
      throw new HttpError(422, 'invalid-draft', 'The draft is not valid', error.message, [
        { path: 'draft.base', message: error.message },
      ]);
    }
    throw error;
  }
}
