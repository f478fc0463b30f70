/**
 * Who is calling, and may they. Two sources of identity, in this order:
 *
 * 1. In AWS, API Gateway's authorizer has already verified the caller and put its verdict in
 *    `event.requestContext.authorizer` (shapes in docs/api.md, "Auth"): a Lambda authorizer's context
 *    `{ lambda: { role, principalId } }`, or a JWT authorizer's `{ jwt: { claims: { sub, role | "custom:role" } } }`.
 *    Only API Gateway (or the local server, which never sets it) can write that field.
 * 2. Otherwise the bearer token is looked up by a TokenAuthenticator; locally that is the keys of
 *    LOCAL_API_KEYS (`system:KEY,caseworker:KEY,policy:KEY`), compared in constant time.
 *
 * Tokens are never logged: the logger also masks anything after "Bearer".
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ROLES, type Role } from '../routes.ts';

export interface Principal {
  readonly role: Role;
  /** A stable, non-secret name for the caller (audit "who"); never the token. */
  readonly principalId: string;
}

/** Maps a bearer token to a principal (locally: the keys of LOCAL_API_KEYS). */
interface TokenAuthenticator {
  authenticate(token: string): Principal | undefined;
}

const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

const digest = (text: string) => createHash('sha256').update(text).digest();

/** LOCAL_API_KEYS, parsed. Digests make every comparison the same length, so timingSafeEqual applies. */
export class StaticKeyAuthenticator implements TokenAuthenticator {
  private readonly keys: readonly { role: Role; digest: Buffer }[];

  constructor(keys: Partial<Record<Role, string>>) {
    this.keys = Object.entries(keys)
      .filter((e): e is [Role, string] => isRole(e[0]) && typeof e[1] === 'string' && e[1].length > 0)
      .map(([role, key]) => ({ role, digest: digest(key) }));
  }

  static fromSpec(spec: string): StaticKeyAuthenticator {
    const keys: Partial<Record<Role, string>> = {};
    for (const part of spec.split(',')) {
      const at = part.indexOf(':');
      const role = part.slice(0, at).trim();
      const key = part.slice(at + 1).trim();
      if (at > 0 && isRole(role) && key) keys[role] = key;
    }
    return new StaticKeyAuthenticator(keys);
  }

  authenticate(token: string): Principal | undefined {
    const candidate = digest(token);
    let found: Role | undefined;
    // Compare against every key, without stopping early, so timing says nothing about which matched.
    for (const { role, digest: d } of this.keys) {
      if (timingSafeEqual(candidate, d) && found === undefined) found = role;
    }
    return found ? { role: found, principalId: `local-${found}` } : undefined;
  }
}

let fromEnv: { spec: string; authenticator: StaticKeyAuthenticator } | undefined;

function tokenAuthenticator(): TokenAuthenticator | undefined {
  const spec = process.env.LOCAL_API_KEYS;
  if (!spec) return undefined;
  if (fromEnv?.spec !== spec) fromEnv = { spec, authenticator: StaticKeyAuthenticator.fromSpec(spec) };
  return fromEnv.authenticator;
}

/** The principal from an API Gateway authorizer context, if there is one. */
function principalFromAuthorizer(event: APIGatewayProxyEventV2): Principal | undefined {
  const authorizer = (event.requestContext as { authorizer?: Record<string, unknown> }).authorizer;
  if (!authorizer || typeof authorizer !== 'object') return undefined;
  const lambda = authorizer.lambda as Record<string, unknown> | undefined;
  if (lambda && isRole(lambda.role) && typeof lambda.principalId === 'string') {
    return { role: lambda.role, principalId: lambda.principalId };
  }
  const claims = (authorizer.jwt as { claims?: Record<string, unknown> } | undefined)?.claims;
  const role = claims?.role ?? claims?.['custom:role'];
  if (claims && isRole(role) && typeof claims.sub === 'string') return { role, principalId: claims.sub };
  return undefined;
}

function bearerToken(event: APIGatewayProxyEventV2): string | undefined {
  const header = event.headers?.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

/** The caller, or undefined when no valid identity came with the request (a 401). */
export function authenticate(event: APIGatewayProxyEventV2): Principal | undefined {
  const fromAuthorizer = principalFromAuthorizer(event);
  if (fromAuthorizer) return fromAuthorizer;
  const token = bearerToken(event);
  if (!token) return undefined;
  return tokenAuthenticator()?.authenticate(token);
}
