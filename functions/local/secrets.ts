/**
 * Local secrets, generated once into DATA_DIR with owner-only permissions (0600):
 * - API keys, one per role (`local-api-keys.json`), unless LOCAL_API_KEYS is set;
 * - the pseudonymisation key (`pseudonym.key`), unless PSEUDONYM_KEY is set.
 * In AWS neither file exists: roles come from the API Gateway authorizer, the key from Secrets
 * Manager (through the Parameters and Secrets extension, functions/shared/pseudonym.ts).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES, type Role } from '../routes.ts';

export type ApiKeys = Record<Role, string>;

export function keysSpec(keys: ApiKeys): string {
  return ROLES.map((role) => `${role}:${keys[role]}`).join(',');
}

function parseKeysSpec(spec: string): Partial<ApiKeys> {
  const keys: Partial<ApiKeys> = {};
  for (const part of spec.split(',')) {
    const at = part.indexOf(':');
    const role = part.slice(0, at).trim() as Role;
    if (at > 0 && ROLES.includes(role)) keys[role] = part.slice(at + 1).trim();
  }
  return keys;
}

function writeSecret(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
}

export interface LocalSecrets {
  readonly keys: ApiKeys;
  /** Where the keys were read from: a file path, or "LOCAL_API_KEYS" / "options". */
  readonly keysSource: string;
  readonly generatedKeys: boolean;
  readonly pseudonymKey: string;
}

export function loadOrCreateSecrets(dataDir: string, given?: ApiKeys): LocalSecrets {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let keys: ApiKeys;
  let keysSource: string;
  let generatedKeys = false;
  const fromEnv = process.env.LOCAL_API_KEYS ? parseKeysSpec(process.env.LOCAL_API_KEYS) : undefined;
  if (given) {
    keys = given;
    keysSource = 'options';
  } else if (fromEnv && ROLES.every((r) => fromEnv[r])) {
    keys = fromEnv as ApiKeys;
    keysSource = 'LOCAL_API_KEYS';
  } else {
    const file = join(dataDir, 'local-api-keys.json');
    if (!existsSync(file)) {
      const fresh = Object.fromEntries(
        ROLES.map((r) => [r, randomBytes(24).toString('base64url')]),
      ) as ApiKeys;
      writeSecret(file, `${JSON.stringify(fresh, null, 2)}\n`);
      generatedKeys = true;
    }
    keys = JSON.parse(readFileSync(file, 'utf8')) as ApiKeys;
    keysSource = file;
  }
  let pseudonymKey = process.env.PSEUDONYM_KEY;
  if (!pseudonymKey) {
    const file = join(dataDir, 'pseudonym.key');
    if (!existsSync(file)) writeSecret(file, `${randomBytes(32).toString('base64')}\n`);
    pseudonymKey = readFileSync(file, 'utf8').trim();
  }
  return { keys, keysSource, generatedKeys, pseudonymKey };
}
