/**
 * Creates the tables of functions/store/tables.ts when they are missing (local server, tests), and
 * returns once every one of them is ACTIVE: a table is CREATING for a while after CreateTable (in
 * DynamoDB, and in dynalite unless started with createTableMs 0), and a write to it then fails. In
 * AWS the CDK app creates them from the same list. TTL is switched on where the server supports it;
 * dynalite has no UpdateTimeToLive, so locally expired records simply stay.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { TABLES, type TableDefinition, tableName } from './tables.ts';

function attributeDefinitions(table: TableDefinition): AttributeDefinition[] {
  const keys = [table.partitionKey, table.sortKey];
  for (const gsi of table.globalSecondaryIndexes ?? []) keys.push(gsi.partitionKey, gsi.sortKey);
  const seen = new Map<string, AttributeDefinition>();
  for (const key of keys) {
    if (key && !seen.has(key.name)) seen.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  }
  return [...seen.values()];
}

async function listAll(client: DynamoDBClient): Promise<Set<string>> {
  const names = new Set<string>();
  let start: string | undefined;
  do {
    const out = await client.send(new ListTablesCommand(start ? { ExclusiveStartTableName: start } : {}));
    for (const n of out.TableNames ?? []) names.add(n);
    start = out.LastEvaluatedTableName;
  } while (start);
  return names;
}

/** How long a table may take to become ACTIVE, and how often to ask (seconds). */
const ACTIVE_WAIT = { maxWaitTime: 60, minDelay: 1, maxDelay: 2 };

/** Returns the names of the tables it created, once every table of `tables` is ACTIVE. */
export async function ensureTables(
  client: DynamoDBClient,
  tables: readonly TableDefinition[] = TABLES,
): Promise<string[]> {
  const existing = await listAll(client);
  const created: TableDefinition[] = [];
  for (const table of tables) {
    const name = tableName(table);
    if (existing.has(name)) continue;
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions(table),
        KeySchema: [
          { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
          ...(table.sortKey ? [{ AttributeName: table.sortKey.name, KeyType: 'RANGE' as const }] : []),
        ],
        ...(table.globalSecondaryIndexes?.length
          ? {
              GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((gsi) => ({
                IndexName: gsi.name,
                KeySchema: [
                  { AttributeName: gsi.partitionKey.name, KeyType: 'HASH' as const },
                  ...(gsi.sortKey ? [{ AttributeName: gsi.sortKey.name, KeyType: 'RANGE' as const }] : []),
                ],
                Projection: { ProjectionType: 'ALL' },
              })),
            }
          : {}),
      }),
    );
    created.push(table);
  }
  // Those that existed too: another process may have just created one.
  await Promise.all(
    tables.map((table) => waitUntilTableExists({ client, ...ACTIVE_WAIT }, { TableName: tableName(table) })),
  );
  // Only an ACTIVE table takes a TTL setting.
  for (const table of created) {
    const name = tableName(table);
    if (table.timeToLiveAttribute) {
      try {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName: name,
            TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
          }),
        );
      } catch {
        // dynalite: UnknownOperationException. Expiry is a cost measure, not a correctness one.
      }
    }
  }
  return created.map((table) => tableName(table));
}
