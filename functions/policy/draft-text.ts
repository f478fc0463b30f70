/**
 * Drafts written as text (a YAML file, of which JSON is a subset), parsed into a draft object. This is
 * the one module of the policy code that imports the `yaml` parser. A bundle carries it only
 * when it really reads draft text: POST /v1/drafts (the `yaml` body field) and the CLIs (a Step
 * Functions replay takes the draft as JSON). Everything after that point (storage,
 * simulations, replay workers) passes the parsed draft object around and never needs the parser.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { type Draft, parseDraft } from '../../rules/draft.ts';
import { RulesetValidationError } from '../../rules/index.ts';

const MAX_ALIASES = 50;

/** Parses a draft's text (YAML, of which JSON is a subset) and validates its shape. */
export function readDraftText(text: string): Draft {
  let raw: unknown;
  try {
    // Aliases let a short text expand into a huge object: a draft needs a few (one source cited by
    // several values), never a chain of them.
    raw = parse(text, { uniqueKeys: true, schema: 'core', maxAliasCount: MAX_ALIASES });
  } catch (error) {
    throw new RulesetValidationError([`not valid YAML: ${(error as Error).message}`], 'draft');
  }
  return parseDraft(raw);
}

/** Reads and parses a draft file (the CLIs). */
export function readDraftFile(path: string): Draft {
  return readDraftText(readFileSync(path, 'utf8'));
}
