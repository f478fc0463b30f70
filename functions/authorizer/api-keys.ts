/**
 * API keys of machine callers (role `system`, or any role an operator assigns), stored hashed: the
 * table holds SHA-256 digests, never a key. Keys are 32 random bytes, so a fast unsalted hash is
 * enough (brute force over 2^256 is hopeless; slow hashes protect low-entropy passwords, not these).
 */
import { createHash, randomBytes } from 'node:crypto';
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ROLES, type Role } from '../routes.ts';
import { fromAttributes } from '../store/client.ts';
import type { TableDefinition } from '../store/tables.ts';

export const API_KEYS_TABLE: TableDefinition = {
  id: 'ApiKeys',
  partitionKey: { name: 'keyHash', type: 'S' },
  description: 'Hashed API keys of machine callers: keyHash → role, client name, disabled flag.',
};

/** Keys are recognisable in logs and secret scanners by their prefix; the rest is base64url. */
export const API_KEY_PREFIX = 'pek_';

export interface ApiKeyRecord {
  readonly keyHash: string;
  readonly role: Role;
  /** A stable, non-secret name of the calling system (audit "who"). */
  readonly client: string;
  readonly disabled?: boolean;
}

export function newApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  return /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)?.[1];
}

const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** The active key record for a presented key, or undefined (unknown, disabled, or malformed record). */
export async function findApiKey(
  dynamodb: DynamoDBClient,
  tableName: string,
  key: string,
): Promise<ApiKeyRecord | undefined> {
  // Anything shaped otherwise cannot be one of our keys: answer without a database round trip.
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 128) return undefined;
  const out = await dynamodb.send(
    new GetItemCommand({ TableName: tableName, Key: { keyHash: { S: hashApiKey(key) } } }),
  );
  const item = out.Item && fromAttributes(out.Item);
  if (!item || item.disabled === true || !isRole(item.role) || typeof item.client !== 'string')
    return undefined;
  return { keyHash: String(item.keyHash), role: item.role, client: item.client };
}
