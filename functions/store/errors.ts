/**
 * Storage failures as the API sees them: the store is unreachable or throttled (a 503 the caller may
 * retry after a pause), or a write lost a race it must not win (a 409).
 */
export class StorageUnavailableError extends Error {
  readonly retryAfterSeconds: number;
  constructor(operation: string, options?: ErrorOptions & { retryAfterSeconds?: number }) {
    super(`storage unavailable during ${operation}`, options);
    this.name = 'StorageUnavailableError';
    this.retryAfterSeconds = options?.retryAfterSeconds ?? 2;
  }
}

export class RecordExistsError extends Error {
  constructor(what: string) {
    super(`${what} already exists`);
    this.name = 'RecordExistsError';
  }
}

const UNAVAILABLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'ResourceNotFoundException',
  'TimeoutError',
  'RequestTimeout',
]);

/** True for errors that mean "the store cannot answer now" rather than "the request is wrong". */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (UNAVAILABLE.has(error.name)) return true;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH'].includes(code))
    return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === undefined || status >= 500;
}
