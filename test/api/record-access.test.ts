/**
 * Who may read whose audit record (GET /v1/calculations/{id}; docs/api.md, "Reading audit records"):
 * every maker × every reader, principals given as API Gateway authorizer contexts (and the local
 * keys). The maker reads the whole record; a reader the rule allows gets it without
 * person.idNumberHmac; any other reader gets exactly the answer an unknown id gets.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../functions/routes.ts';
import { type Answer, installLogScan, invoke, loadEvent, useTestStore, withToken } from './support.ts';

installLogScan();

useTestStore();

interface Caller {
  readonly role: Role;
  readonly principalId: string;
}

const CALLERS = {
  'system A': { role: 'system', principalId: 'api-key:tax-office' },
  'system B': { role: 'system', principalId: 'api-key:civil-affairs' },
  'caseworker 1': { role: 'caseworker', principalId: 'caseworker-1' },
  'caseworker 2': { role: 'caseworker', principalId: 'caseworker-2' },
  'policy 1': { role: 'policy', principalId: 'policy-1' },
  'policy 2': { role: 'policy', principalId: 'policy-2' },
} as const satisfies Record<string, Caller>;
type Name = keyof typeof CALLERS;
const NAMES = Object.keys(CALLERS) as Name[];

/** An event carrying the caller as API Gateway's authorizer would: system keys by the Lambda authorizer, staff by JWT. */
function as(event: APIGatewayProxyEventV2, caller: Caller): APIGatewayProxyEventV2 {
  const e = withToken(event, undefined) as APIGatewayProxyEventV2 & {
    requestContext: { authorizer?: unknown };
  };
  e.requestContext.authorizer =
    caller.role === 'system'
      ? { lambda: { role: caller.role, principalId: caller.principalId } }
      : { jwt: { claims: { sub: caller.principalId, role: caller.role }, scopes: [] } };
  return e;
}

function read(id: string, caller: Caller | Role): Promise<Answer> {
  const event = loadEvent('calculation-get', 'good');
  event.pathParameters = { calculationId: id };
  event.rawPath = `/v1/calculations/${id}`;
  return invoke('calculation-get', typeof caller === 'string' ? withToken(event, caller) : as(event, caller));
}

async function calculate(caller: Caller | Role): Promise<string> {
  const event = loadEvent('entitlement', 'good');
  const answer = await invoke(
    'entitlement',
    typeof caller === 'string' ? withToken(event, caller) : as(event, caller),
  );
  expect(answer.status).toBe(200);
  return (answer.body as { receipt: { calculationId: string } }).receipt.calculationId;
}

/** What a reader gets of a record: all of it, all but the pseudonym, or what an unknown id gets. */
type Access = 'whole' | 'shared' | 'none';

/** Maker → reader → what the reader gets. */
const EXPECTED: Partial<Record<Name, Record<Name, Access>>> = {
  'system A': {
    'system A': 'whole',
    'system B': 'none',
    'caseworker 1': 'none',
    'caseworker 2': 'none',
    'policy 1': 'shared',
    'policy 2': 'shared',
  },
  'caseworker 1': {
    'system A': 'none',
    'system B': 'none',
    'caseworker 1': 'whole',
    'caseworker 2': 'shared',
    'policy 1': 'shared',
    'policy 2': 'shared',
  },
  'policy 1': {
    'system A': 'none',
    'system B': 'none',
    'caseworker 1': 'none',
    'caseworker 2': 'none',
    'policy 1': 'whole',
    'policy 2': 'shared',
  },
};

const MAKERS = Object.keys(EXPECTED) as Name[];

describe('reading an audit record', () => {
  const made = new Map<Name, string>();
  beforeAll(async () => {
    for (const maker of MAKERS) made.set(maker, await calculate(CALLERS[maker]));
  });

  describe.each(MAKERS)('made by %s', (maker) => {
    it.each(NAMES)('read by %s', async (reader) => {
      const id = made.get(maker) as string;
      const answer = await read(id, CALLERS[reader]);
      const expected = (EXPECTED[maker] as Record<Name, Access>)[reader];
      if (expected === 'none') {
        // Exactly what an id that does not exist gets: the answer says nothing of the record.
        const unknown = await read('00000000-0000-4000-8000-00000000dead', CALLERS[reader]);
        expect(answer.status).toBe(404);
        expect(answer.text.replace(id, '<id>')).toBe(
          unknown.text.replace('00000000-0000-4000-8000-00000000dead', '<id>'),
        );
        return;
      }
      expect(answer.status).toBe(200);
      const record = answer.body as {
        calculationId: string;
        principalId: string;
        input: { person: Record<string, unknown> };
      };
      expect(record).toMatchObject({ calculationId: id, principalId: CALLERS[maker].principalId });
      expect(record.input.person.idNumber).toBeUndefined();
      if (expected === 'whole') {
        expect(record.input.person.idNumberHmac).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
      } else {
        expect(record.input.person).not.toHaveProperty('idNumberHmac');
        expect(answer.text).not.toContain('hmac-sha256');
        // Everything else is as stored: the case itself and the answer given.
        expect(record.input.person.birthDate).toBe('1940-01-10');
      }
    });
  });

  it('the local keys: each is its own principal, so the same rule applies', async () => {
    const bySystem = await calculate('system');
    const byCaseworker = await calculate('caseworker');
    expect((await read(bySystem, 'system')).status).toBe(200);
    expect((await read(byCaseworker, 'system')).status).toBe(404);
    expect((await read(bySystem, 'caseworker')).status).toBe(404);
    expect((await read(byCaseworker, 'caseworker')).body).toMatchObject({
      input: { person: { idNumberHmac: expect.stringMatching(/^hmac-sha256:/) } },
    });
    const byPolicy = (await read(byCaseworker, 'policy')).body as { input: { person: object } };
    expect(byPolicy.input.person).not.toHaveProperty('idNumberHmac');
  });
});
