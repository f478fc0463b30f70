/**
 * Every DynamoDB table of the service, in one list: the local server creates them when missing and
 * the CDK app defines them from the same entries, so a key or TTL attribute cannot drift between the
 * two. Add a table here and nowhere else. Table names come from the environment (`envVar`), with a
 * default for local use.
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
  /** Logical id (CDK construct id, log name). */
  readonly id: string;
  /** Environment variable that carries the physical table name to the functions. */
  readonly envVar: string;
  /** Name used when the variable is unset (local server, tests). */
  readonly defaultName: string;
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
  envVar: 'AUDIT_TABLE',
  defaultName: 'pension-audit',
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
  envVar: 'IDEMPOTENCY_TABLE',
  defaultName: 'pension-idempotency',
  // Powertools DynamoDBPersistenceLayer defaults: key `id`, TTL `expiration`.
  partitionKey: { name: 'id', type: 'S' },
  timeToLiveAttribute: 'expiration',
  description: 'Powertools idempotency records for POSTs carrying an Idempotency-Key header (24 h).',
};

export const POLICY_TABLE: TableDefinition = {
  id: 'Policy',
  envVar: 'POLICY_TABLE',
  defaultName: 'pension-policy',
  partitionKey: { name: 'id', type: 'S' },
  // A new simulation item starts its run in AWS (functions/simulations-run).
  stream: 'new-image',
  description:
    'Policy workbench: drafts, case sets and simulations (status, progress); large payloads in the POLICY_BUCKET.',
};

export const TABLES: readonly TableDefinition[] = [AUDIT_TABLE, IDEMPOTENCY_TABLE, POLICY_TABLE];

/** The physical name of a table in this process. */
export function tableName(table: TableDefinition, env: NodeJS.ProcessEnv = process.env): string {
  return env[table.envVar] || table.defaultName;
}
