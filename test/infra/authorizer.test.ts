/**
 * The API-key authorizer against a real DynamoDB-API server (dynalite): a known active key passes
 * with its role and client, anything else is the "Unauthorized" API Gateway answers with 401; only
 * digests are stored. The Cognito trigger maps staff groups to the `role` claim.
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayRequestAuthorizerEventV2, PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_KEY_PREFIX,
  API_KEYS_TABLE,
  bearerToken,
  hashApiKey,
  newApiKey,
} from '../../functions/authorizer/api-keys.ts';
import { handler } from '../../functions/authorizer/handler.ts';
import { handler as preToken, roleFromGroups } from '../../functions/authorizer/pre-token.ts';
import { type RunningDynalite, startDynalite } from '../../functions/local/dynalite.ts';
import { destroyStoreClients, storeClient, toAttributes } from '../../functions/store/client.ts';
import { ensureTables } from '../../functions/store/ensure-tables.ts';
import { tableName } from '../../functions/store/tables.ts';

let store: RunningDynalite | undefined;
const active = newApiKey();
const disabled = newApiKey();

const event = (authorization?: string) =>
  ({
    type: 'REQUEST',
    routeKey: 'POST /v1/eligibility',
    headers: authorization === undefined ? {} : { authorization },
  }) as unknown as APIGatewayRequestAuthorizerEventV2;

beforeAll(async () => {
  store = await startDynalite({ mode: 'in-process' });
  process.env.DYNAMODB_ENDPOINT = store.endpoint;
  await ensureTables(storeClient(), [API_KEYS_TABLE]);
  const put = (key: string, item: Record<string, unknown>) =>
    storeClient().send(
      new PutItemCommand({
        TableName: tableName(API_KEYS_TABLE),
        Item: toAttributes({ keyHash: hashApiKey(key), ...item }),
      }),
    );
  await put(active, { role: 'system', client: 'gansu-social-security' });
  await put(disabled, { role: 'system', client: 'retired-system', disabled: true });
});

afterAll(async () => {
  destroyStoreClients();
  await store?.close();
  delete process.env.DYNAMODB_ENDPOINT;
});

describe('API keys', () => {
  it('are 32 random bytes behind a recognisable prefix, stored as a SHA-256 digest', () => {
    expect(active).toMatch(new RegExp(`^${API_KEY_PREFIX}[A-Za-z0-9_-]{43}$`));
    expect(newApiKey()).not.toBe(active);
    expect(hashApiKey(active)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(hashApiKey(active)).not.toContain(active.slice(API_KEY_PREFIX.length));
  });

  it('bearer tokens are read case-insensitively and strictly', () => {
    expect(bearerToken(`Bearer ${active}`)).toBe(active);
    expect(bearerToken(`bearer   ${active} `)).toBe(active);
    expect(bearerToken(active)).toBeUndefined();
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('authorizer', () => {
  it('passes an active key with its role and a non-secret principal id', async () => {
    await expect(handler(event(`Bearer ${active}`))).resolves.toEqual({
      isAuthorized: true,
      context: { role: 'system', principalId: 'api-key:gansu-social-security' },
    });
  });

  it.each([
    ['a disabled key', () => `Bearer ${disabled}`],
    ['an unknown key', () => `Bearer ${newApiKey()}`],
    ['a key of another shape', () => 'Bearer not-one-of-ours'],
    ['no bearer scheme', () => active],
    ['an empty header', () => ''],
  ])('refuses %s with "Unauthorized" (a 401 from API Gateway)', async (_, header) => {
    await expect(handler(event(header()))).rejects.toThrow(/^Unauthorized$/);
  });
});

describe('Cognito pre token generation', () => {
  const trigger = (groups: string[]) =>
    ({
      request: { groupConfiguration: { groupsToOverride: groups } },
      response: {},
    }) as unknown as PreTokenGenerationTriggerEvent;

  it('maps the staff group to the role claim', async () => {
    const out = await preToken(trigger(['caseworker']));
    expect(out.response.claimsOverrideDetails).toEqual({ claimsToAddOrOverride: { role: 'caseworker' } });
    expect(roleFromGroups(['caseworker', 'policy'])).toBe('policy');
  });

  it('never grants system, and strips the claim from users in no staff group', async () => {
    expect(roleFromGroups(['system'])).toBeUndefined();
    const out = await preToken(trigger(['system', 'admins']));
    expect(out.response.claimsOverrideDetails).toEqual({ claimsToSuppress: ['role'] });
  });
});
