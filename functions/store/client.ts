/**
 * The DynamoDB client of this process. In Lambda the SDK's defaults apply (regional endpoint,
 * standard retries with jitter); locally DYNAMODB_ENDPOINT points at the embedded server. One client
 * per endpoint, so a test or a local server can move the endpoint without restarting the process.
 *
 * Items are converted with util-dynamodb's marshall/unmarshall and sent with the low-level client's
 * commands, not through the DocumentClient (`@aws-sdk/lib-dynamodb`): that package is one more module
 * in every DynamoDB-using function's cold start (docs/infra.md, "Measured choices") for a
 * conversion util-dynamodb already does (the DocumentClient converts with it, and Powertools
 * idempotency uses it in the calculation functions).
 */
import { type AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

const clients = new Map<string, DynamoDBClient>();

function create(endpoint: string | undefined): DynamoDBClient {
  return new DynamoDBClient(
    endpoint
      ? {
          endpoint,
          region: process.env.AWS_REGION ?? 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          // Local storage is on the same machine: fail fast so "storage down" is a quick 503.
          maxAttempts: 2,
          requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
        }
      : { maxAttempts: 3, requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 } },
  );
}

export function storeClient(endpoint = process.env.DYNAMODB_ENDPOINT): DynamoDBClient {
  const key = endpoint ?? '(aws)';
  let entry = clients.get(key);
  if (!entry) {
    entry = create(endpoint);
    clients.set(key, entry);
  }
  return entry;
}

/**
 * An object as DynamoDB attribute values (an Item, or a map of ExpressionAttributeValues). Fields
 * that are undefined are left out rather than refused, as the DocumentClient was configured to do
 * (`removeUndefinedValues`): optional fields of a record are simply absent from its item.
 */
export function toAttributes(value: Record<string, unknown>): Record<string, AttributeValue> {
  return marshall(value, { removeUndefinedValues: true });
}

/** An item read back as a plain object, as the DocumentClient returned it (binaries as Uint8Array). */
export function fromAttributes(item: Record<string, AttributeValue>): Record<string, unknown> {
  return unmarshall(item);
}

/** Closes every client's sockets (the local server on shutdown, tests). */
export function destroyStoreClients(): void {
  for (const client of clients.values()) client.destroy();
  clients.clear();
}
