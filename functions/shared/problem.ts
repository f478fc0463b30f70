/**
 * RFC 9457 problem details: the one place where an error becomes a status and a body. The API's
 * error middleware and the batch CLI both use it, so a bad case reads the same everywhere.
 * A 5xx body says nothing internal.
 */
import {
  CaseShapeError,
  type FieldProblem,
  ImpossibleCaseError,
  MissingFactError,
  NotCoveredError,
  RulesError,
  UnknownRulesetError,
} from '../../rules/index.ts';
import { RecordExistsError, StorageUnavailableError } from '../store/errors.ts';
import { HttpError } from './http-errors.ts';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly FieldProblem[];
  readonly [extra: string]: unknown;
}

const TYPE_BASE = 'https://pension.example.gov.cn/problems/';

export function problem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  errors?: readonly FieldProblem[],
): Problem {
  return { type: `${TYPE_BASE}${slug}`, title, status, detail, ...(errors ? { errors } : {}) };
}

/** Maps any thrown value to a problem; unknown errors become a bare 500. */
export function toProblem(error: unknown): Problem {
  if (error instanceof CaseShapeError) {
    return problem(
      400,
      'invalid-request',
      'The request does not match the contract',
      error.message,
      error.errors,
    );
  }
  if (error instanceof ImpossibleCaseError) {
    return problem(422, 'impossible-case', 'The case is not possible', error.message, error.errors);
  }
  if (error instanceof NotCoveredError) {
    return problem(422, 'not-covered', 'The ruleset does not cover this case', error.message, error.errors);
  }
  if (error instanceof MissingFactError) {
    return problem(
      422,
      'missing-fact',
      'The case lacks a fact this ruleset needs',
      error.message,
      error.errors,
    );
  }
  if (error instanceof UnknownRulesetError) {
    return problem(404, 'unknown-ruleset', 'No such ruleset', error.message, [
      { path: 'ruleset', message: error.message },
    ]);
  }
  if (error instanceof HttpError) {
    return problem(error.status, error.slug, error.title, error.message, error.errors);
  }
  if (error instanceof StorageUnavailableError) {
    return problem(503, 'storage-unavailable', 'Service unavailable', 'Storage is unavailable; retry later.');
  }
  if (error instanceof RecordExistsError) {
    return problem(409, 'conflict', 'Conflict', 'The record already exists.');
  }
  // Powertools idempotency errors, matched by name so this module stays free of the Lambda toolkit.
  const name = error instanceof Error ? error.name : '';
  // The record in the way was released (its request failed) or expired between the failed put and
  // its read: another request with this key moved on; the retry decides.
  if (
    name === 'IdempotencyAlreadyInProgressError' ||
    name === 'IdempotencyItemNotFoundError' ||
    name === 'IdempotencyInconsistentStateError'
  ) {
    return problem(
      409,
      'request-in-progress',
      'Request in progress',
      'A request with this Idempotency-Key is still being processed; retry shortly.',
    );
  }
  if (name === 'IdempotencyValidationError') {
    return problem(
      422,
      'idempotency-key-reused',
      'Idempotency-Key reused',
      'This Idempotency-Key was used with a different request body.',
      [{ path: 'Idempotency-Key', message: 'was used with a different request body' }],
    );
  }
  if (name === 'IdempotencyPersistenceLayerError') {
    return problem(503, 'storage-unavailable', 'Service unavailable', 'Storage is unavailable; retry later.');
  }
  if (error instanceof RulesError) {
    return problem(500, 'internal', 'Internal error', 'The calculation could not be completed.');
  }
  return problem(500, 'internal', 'Internal error', 'The request could not be completed.');
}
