/**
 * Creates the tables of functions/store/tables.ts when they are missing (local server, tests). In AWS
 * the CDK app creates them from the same list. TTL is switched on where the server supports it;
 * dynalite has no UpdateTimeToLive, so locally expired records simply stay.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
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

/** Returns the names of the tables it created. */
export async function ensureTables(
  client: DynamoDBClient,
  tables: readonly TableDefinition[] = TABLES,
): Promise<string[]> {
  const existing = await listAll(client);
  const created: string[] = [];
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
    created.push(name);
  }
  return created;
}
