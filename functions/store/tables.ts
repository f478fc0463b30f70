/**
 * Every DynamoDB table of the service, in one list: the local server creates them when missing and
 * the CDK app defines them from the same entries, so a key or TTL attribute cannot drift between the
 * two. Add a table here and nowhere else. Table names come from the environment (`tableEnvVar`),
 * with a default for local use; both follow from the table's id.
 */
type KeyType = 'S' | 'N' | 'B';

interface KeyAttribute {
  readonly name: string;
  readonly type: KeyType;
}

interface GlobalSecondaryIndex {
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
}

export interface TableDefinition {
  /** Logical id (CDK construct id, log name), in PascalCase: the table's names follow from it. */
  readonly id: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly globalSecondaryIndexes?: readonly GlobalSecondaryIndex[];
  /** Epoch-seconds attribute DynamoDB expires items on (enabled by CDK; dynalite has no TTL). */
  readonly timeToLiveAttribute?: string;
  /** Records that must never be updated or deleted (IAM grants put/get only). */
  readonly immutable?: boolean;
  /** New items delivered to a function through the table's stream (CDK; the local server runs them in process). */
  readonly stream?: 'new-image';
  readonly description: string;
}

export const AUDIT_TABLE: TableDefinition = {
  id: 'Audit',
  partitionKey: { name: 'calculationId', type: 'S' },
  // Who asked for what, newest first: principal → calculations (caseworker history, audits of a caller).
  globalSecondaryIndexes: [
    {
      name: 'byPrincipal',
      partitionKey: { name: 'principalId', type: 'S' },
      sortKey: { name: 'calculatedAt', type: 'S' },
    },
  ],
  immutable: true,
  description: 'One immutable record per calculation: receipt, ruleset id/hash, result, pseudonymised input.',
};

export const IDEMPOTENCY_TABLE: TableDefinition = {
  id: 'Idempotency',
  // Powertools DynamoDBPersistenceLayer defaults: key `id`, TTL `expiration`.
  partitionKey: { name: 'id', type: 'S' },
  timeToLiveAttribute: 'expiration',
  description: 'Powertools idempotency records for POSTs carrying an Idempotency-Key header (24 h).',
};

export const POLICY_TABLE: TableDefinition = {
  id: 'Policy',
  partitionKey: { name: 'id', type: 'S' },
  // A new simulation item starts its run in AWS (functions/simulations-run).
  stream: 'new-image',
  description:
    'Policy workbench: drafts, case sets and simulations (status, progress); large payloads in the POLICY_BUCKET.',
};

export const TABLES: readonly TableDefinition[] = [AUDIT_TABLE, IDEMPOTENCY_TABLE, POLICY_TABLE];

/** The words of a table's id: `ApiKeys` → Api, Keys. */
const idWords = (table: TableDefinition): string[] => table.id.split(/(?=[A-Z])/);

/** The environment variable that carries a table's physical name to the functions: API_KEYS_TABLE. */
export function tableEnvVar(table: TableDefinition): string {
  return `${idWords(table).join('_').toUpperCase()}_TABLE`;
}

/** A table's name where its variable is unset (local server, tests): pension-api-keys. */
export function localTableName(table: TableDefinition): string {
  return `pension-${idWords(table).join('-').toLowerCase()}`;
}

/** The physical name of a table in this process. */
export function tableName(table: TableDefinition, env: NodeJS.ProcessEnv = process.env): string {
  return env[tableEnvVar(table)] || localTableName(table);
}
