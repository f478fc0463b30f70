/**
 * The authorization matrix, walked from functions/routes.ts: every route × every role × no token /
 * a wrong token / a malformed header. A role the route lists gets through (its good event answers
 * 2xx); a role it does not list gets 403; no valid token gets 401 with WWW-Authenticate; public
 * routes answer without a token. API Gateway's authorizer context is honoured the same way.
 */

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { lambdaContext } from '../../functions/local/apigw.ts';
import { ROLES, ROUTES, type Route } from '../../functions/routes.ts';
import { StaticKeyAuthenticator } from '../../functions/shared/auth.ts';
import { httpRoute, publicRoute } from '../../functions/shared/middleware.ts';
import { eventVariants, installLogScan, invoke, loadEvent, useTestStore, withToken } from './support.ts';

installLogScan();

useTestStore();

/** Routes whose handler and good event are in this part of the code base. */
const tested = ROUTES.filter((r) => eventVariants(r.name).includes('good') && r.name !== 'calculation-get');

describe.each(tested.map((r) => [r.name, r] as const))('%s', (name, route) => {
  const good = () => loadEvent(name, 'good');
  if (route.roles.length === 0) {
    it('is public: answers 200 without a token', async () => {
      expect((await invoke(name, withToken(good(), undefined))).status).toBe(200);
    });
    return;
  }
  it.each(ROLES)('role %s', async (role) => {
    const answer = await invoke(name, withToken(good(), role));
    if (route.roles.includes(role)) expect(answer.status).toBe(200);
    else expect(answer.status).toBe(403);
  });
  it.each([
    ['no Authorization header', undefined],
    ['an unknown token', 'Bearer nobody-knows-this'],
    ['a key of the right length but wrong', `Bearer ${'x'.repeat('caseworker-test-key'.length)}`],
    ['a Basic scheme', 'Basic Y2FzZXdvcmtlcjpwdw=='],
    ['Bearer with no token', 'Bearer '],
    ['the key without the scheme', 'caseworker-test-key'],
    ['two tokens', 'Bearer caseworker-test-key extra'],
  ])('%s → 401', async (_label, header) => {
    const event = withToken(good(), undefined);
    if (header !== undefined) event.headers.authorization = header;
    const answer = await invoke(name, event);
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer');
  });
  it('an API Gateway Lambda-authorizer context is trusted without a token', async () => {
    const event = withToken(good(), undefined) as APIGatewayProxyEventV2 & {
      requestContext: { authorizer?: unknown };
    };
    event.requestContext.authorizer = { lambda: { role: 'system', principalId: 'api-key:tax-office' } };
    expect((await invoke(name, event)).status).toBe(200);
  });
  it('a JWT-authorizer context with a role claim is trusted; without one it is a 401', async () => {
    const event = withToken(good(), undefined) as APIGatewayProxyEventV2 & {
      requestContext: { authorizer?: unknown };
    };
    event.requestContext.authorizer = { jwt: { claims: { sub: 'user-1', role: 'caseworker' }, scopes: [] } };
    expect((await invoke(name, structuredClone(event))).status).toBe(200);
    event.requestContext.authorizer = { jwt: { claims: { sub: 'user-1' }, scopes: [] } };
    expect((await invoke(name, event)).status).toBe(401);
  });
});

describe('a route restricted to one role', () => {
  const route: Route = { name: 'policy-only', method: 'GET', path: '/v1/x', roles: ['policy'], entry: '-' };
  const handler = httpRoute({ route, response: z.strictObject({ ok: z.boolean() }) }, () => ({
    payload: { ok: true },
  }));
  it.each(ROLES)('role %s', async (role) => {
    const event = withToken(loadEvent('rulesets-list', 'good'), role);
    const answer = await handler(event, lambdaContext(route, 'r'));
    expect(answer.statusCode).toBe(role === 'policy' ? 200 : 403);
  });
});

describe('httpRoute and publicRoute', () => {
  const response = z.strictObject({ ok: z.boolean() });
  const reply = () => ({ payload: { ok: true } });
  it('build a protected route only with httpRoute, a public one only with publicRoute', () => {
    const open: Route = { name: 'open', method: 'GET', path: '/x', roles: [], entry: '-' };
    const closed: Route = { name: 'closed', method: 'GET', path: '/y', roles: ['system'], entry: '-' };
    expect(() => httpRoute({ route: open, response }, reply)).toThrow('route "open" is public: publicRoute');
    expect(() => publicRoute({ route: closed, response }, reply)).toThrow(
      'route "closed" is protected: httpRoute',
    );
    expect(() => publicRoute({ route: open, response }, reply)).not.toThrow();
  });
});

describe('StaticKeyAuthenticator', () => {
  const auth = StaticKeyAuthenticator.fromSpec('system:aaa,caseworker:bbb,policy:ccc,bogus:ddd');
  it('maps each key to its role and nothing else', () => {
    expect(auth.authenticate('aaa')?.role).toBe('system');
    expect(auth.authenticate('bbb')?.role).toBe('caseworker');
    expect(auth.authenticate('ccc')?.role).toBe('policy');
    expect(auth.authenticate('ddd')).toBeUndefined();
    expect(auth.authenticate('aa')).toBeUndefined();
    expect(auth.authenticate('')).toBeUndefined();
  });
});
