/**
 * The pages' one way to call the API: the token typed into the page as a bearer token, a JSON body,
 * and every refusal (a network failure is status 0) turned into the page's own error from the
 * status and the RFC 9457 problem the server sent.
 */

/** What a refusal's body may carry (problem+json). */
export interface Problem {
  readonly detail?: string;
  readonly errors?: readonly { readonly path?: string; readonly message: string }[];
}

export type Refusal = (status: number, problem: Problem) => Error;

export async function callApi(
  request: {
    readonly method: string;
    readonly path: string;
    readonly token: string;
    readonly body?: unknown;
  },
  refused: Refusal,
): Promise<Response> {
  const { method, path, token, body } = request;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${token.trim()}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw refused(0, {});
  }
  if (!response.ok) throw refused(response.status, (await response.json().catch(() => ({}))) as Problem);
  return response;
}
