/** Calls to this origin's API with the caseworker's token; failures shown where they belong. */
import type { Problem } from './data.ts';
import { $, h, input } from './dom.ts';
import { setFieldError, showProblems } from './form.ts';
import { t } from './text.ts';

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problem?.detail ?? `HTTP ${status}`);
  }
}

export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `Bearer ${input('token').value.trim()}`,
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(new URL(path, document.baseURI), {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError(0, undefined);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) throw new ApiError(response.status, json as Problem | undefined);
  return json as T;
}

export function showRequestFailure(error: unknown): void {
  if (!(error instanceof ApiError)) throw error;
  if (error.status === 401 || error.status === 403) {
    setFieldError(input('token'), t(error.status === 401 ? 'badToken' : 'forbidden'));
    input('token').focus();
    return;
  }
  const errors = error.problem?.errors;
  if (Array.isArray(errors) && errors.length && error.status < 500) {
    showProblems(errors)?.focus();
    return;
  }
  const summary = $('error-summary');
  const detail =
    error.status === 0
      ? t('errNetwork')
      : error.status >= 500
        ? t('errServer')
        : (error.problem?.detail ?? t('errServer'));
  summary.replaceChildren(h('p', { text: detail }));
  summary.hidden = false;
  summary.focus();
}
