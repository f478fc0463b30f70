/** What the storage suites share: a table scan, a keyed entitlement request, the calculation id. */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { storeClient } from '../../functions/store/client.ts';
import { type AUDIT_TABLE, tableName } from '../../functions/store/tables.ts';
import { type Answer, loadEvent, withBody } from '../api/support.ts';

/** The ID number in the events' good bodies. */
export const ID_NUMBER = '620502194001101238';

export async function scan(table: typeof AUDIT_TABLE) {
  const out = await storeClient().send(
    new ScanCommand({ TableName: tableName(table), ConsistentRead: true }),
  );
  return out.Items ?? [];
}

export function entitlementWithKey(key: string, month = '2020-05') {
  const event = loadEvent('entitlement', 'good');
  event.headers['idempotency-key'] = key;
  const body = JSON.parse(event.body as string);
  body.month = month;
  return withBody(event, body);
}

export const calculationIdOf = (a: Answer) =>
  (a.body as { receipt: { calculationId: string } }).receipt.calculationId;
