/**
 * The DynamoDB clients of this process. In Lambda the SDK's defaults apply (regional endpoint,
 * standard retries with jitter); locally DYNAMODB_ENDPOINT points at the embedded server. One client
 * per endpoint, so a test or a local server can move the endpoint without restarting the process.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface StoreClients {
  readonly raw: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
}

const clients = new Map<string, StoreClients>();

function create(endpoint: string | undefined): StoreClients {
  const raw = new DynamoDBClient(
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
  const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  return { raw, doc };
}

export function storeClients(endpoint = process.env.DYNAMODB_ENDPOINT): StoreClients {
  const key = endpoint ?? '(aws)';
  let entry = clients.get(key);
  if (!entry) {
    entry = create(endpoint);
    clients.set(key, entry);
  }
  return entry;
}

/** Closes every client's sockets (the local server on shutdown, tests). */
export function destroyStoreClients(): void {
  for (const { raw } of clients.values()) raw.destroy();
  clients.clear();
}
