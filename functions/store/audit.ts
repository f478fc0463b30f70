/**
 * The audit trail: one immutable record per calculation, written once with a conditional put
 * (attribute_not_exists), so a retry or a race can never overwrite what was answered. The input is
 * stored pseudonymised (functions/shared/pseudonym.ts): the ID number never reaches this table.
 *
 * The receipt, input and result are stored as JSON text, not as nested maps: the record is an
 * immutable document that is read whole and never queried inside, and a flat item costs a fraction
 * of the marshalling and validation work per write (the audit write is on every calculation's path).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Receipt } from '../shared/calculate.ts';
import { storeClients } from './client.ts';
import { isUnavailable, RecordExistsError, StorageUnavailableError } from './errors.ts';
import { AUDIT_TABLE, tableName } from './tables.ts';

export interface AuditRecord {
  readonly calculationId: string;
  /** The calculation endpoint: eligibility, entitlement or arrears. */
  readonly kind: string;
  /** The route that answered, e.g. "POST /v1/entitlement". */
  readonly endpoint: string;
  readonly calculatedAt: string;
  readonly ruleset: string;
  readonly rulesetHash: string;
  readonly inputHash: string;
  readonly receipt: Receipt;
  /** The case with person.idNumber replaced by person.idNumberHmac. */
  readonly input: Record<string, unknown>;
  readonly result: Record<string, unknown>;
  readonly role: string;
  readonly principalId: string;
}

const DOCUMENTS = ['receipt', 'input', 'result'] as const;

function toItem(record: AuditRecord): Record<string, unknown> {
  const item: Record<string, unknown> = { ...record };
  for (const key of DOCUMENTS) item[key] = JSON.stringify(record[key]);
  return item;
}

function fromItem(item: Record<string, unknown>): AuditRecord {
  const record: Record<string, unknown> = { ...item };
  for (const key of DOCUMENTS) {
    if (typeof item[key] === 'string') record[key] = JSON.parse(item[key]);
  }
  return record as unknown as AuditRecord;
}

export const auditRepository = {
  async put(record: AuditRecord): Promise<void> {
    try {
      await storeClients().doc.send(
        new PutCommand({
          TableName: tableName(AUDIT_TABLE),
          Item: toItem(record),
          ConditionExpression: 'attribute_not_exists(calculationId)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new RecordExistsError(`calculation ${record.calculationId}`);
      }
      if (isUnavailable(error)) throw new StorageUnavailableError('audit put', { cause: error });
      throw error;
    }
  },

  async get(calculationId: string): Promise<AuditRecord | undefined> {
    try {
      const out = await storeClients().doc.send(
        new GetCommand({
          TableName: tableName(AUDIT_TABLE),
          Key: { calculationId },
          ConsistentRead: true,
        }),
      );
      return out.Item ? fromItem(out.Item) : undefined;
    } catch (error) {
      if (isUnavailable(error)) throw new StorageUnavailableError('audit get', { cause: error });
      throw error;
    }
  },
};
