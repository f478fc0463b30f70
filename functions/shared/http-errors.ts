/**
 * Errors raised by the HTTP layer itself (not the engine, not storage). Each carries its status and
 * problem type; functions/shared/problem.ts turns them into problem details like every other error.
 */
import type { FieldProblem } from '../../rules/index.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly errors?: readonly FieldProblem[],
  ) {
    super(detail);
    this.name = 'HttpError';
  }
}

export const unauthenticated = () =>
  new HttpError(401, 'unauthenticated', 'Authentication required', 'Send Authorization: Bearer <token>.');

export const forbidden = (role: string) =>
  new HttpError(403, 'forbidden', 'Not allowed', `The role "${role}" may not call this endpoint.`);

export const unsupportedMediaType = () =>
  new HttpError(
    415,
    'unsupported-media-type',
    'Unsupported media type',
    'Send the body as application/json.',
  );

export const badRequest = (errors: readonly FieldProblem[]) =>
  new HttpError(
    400,
    'invalid-request',
    'The request does not match the contract',
    `The request does not match the contract: ${errors.map((e) => e.path || '(body)').join(', ')}`,
    errors,
  );

export const notFound = (what: string) =>
  new HttpError(404, 'not-found', 'Not found', `${what} does not exist.`);
