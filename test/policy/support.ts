/** Shared pieces of the policy tests: drafts as objects and as text, cases as items, the published registry. */

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type CaseSetItem, parseCaseEntry } from '../../functions/policy/case-set.ts';
import type { Role } from '../../functions/routes.ts';
import { applyDraft, parseDraft } from '../../rules/draft.ts';
import type { Ruleset } from '../../rules/index.ts';
import { TEST_KEYS } from '../api/support.ts';
import { published } from '../rules/helpers.ts';

/** The latest published ruleset: what a policy officer drafts on. */
export const base = (): Ruleset => published().latest;

export function candidate(changes: unknown[], extra: Record<string, unknown> = {}): Ruleset {
  return applyDraft(base(), parseDraft({ base: base().id, changes, ...extra }), {
    id: '2026.99',
    publishedAt: '2026-12-01',
  });
}

export const source = { note: 'policy test draft' };

/** A national raise: the national minimum becomes `value` from `from`. */
export function nationalMinimum(from: string, value: string) {
  return {
    parameter: 'basic-pension.national-minimum',
    area: 'national',
    values: [{ from, value, source, provisional: true, reason: 'a test draft' }],
  };
}

/**
 * The same kind of raise as staff write it (YAML text, on 2026.2): the national minimum 183.00 from
 * 2026-01-01, final, its source a note naming the test.
 */
export function nationalRaiseYaml(note: string): string {
  return `base: "2026.2"
changes:
  - parameter: basic-pension.national-minimum
    area: national
    values:
      - { from: "2026-01-01", value: "183.00", source: { note: ${note} }, provisional: false }
`;
}

/** Restored-hukou back pay capped (at the published cap, 36 months) for every area, from the start. */
export const CAP_BACK_PAY = {
  parameter: 'restored-hukou.back-pay',
  area: 'national',
  removeFrom: '2009-10-01',
  values: [{ from: '2009-10-01', value: 'retroactive-capped', source, provisional: false }],
};

export function items(entries: readonly unknown[]): CaseSetItem[] {
  return entries.map((entry, i) => {
    const result = parseCaseEntry(entry, i + 1);
    if (!result.ok) throw new Error(`test case ${i + 1}: ${result.bad.message}`);
    return result.item;
  });
}

/** A person with a Lanzhou (620102) hukou since birth: no local top-ups, Gansu launch 2012-07. */
export function lanzhou(birthDate: string, month: string, extra: Record<string, unknown> = {}) {
  return { person: { birthDate, hukou: [{ area: '620102', from: birthDate }], ...extra }, month };
}

/** An API Gateway HTTP API (payload 2.0) event for a route, with the test key of `role`. */
export function apiEvent(
  method: string,
  path: string,
  role: Role | undefined,
  body?: unknown,
  pathParameters?: Record<string, string>,
  headers: Record<string, string> = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: {
      host: 'localhost',
      ...(role ? { authorization: `Bearer ${TEST_KEYS[role]}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(pathParameters ? { pathParameters } : {}),
    requestContext: {
      accountId: '1',
      apiId: 'api',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}
