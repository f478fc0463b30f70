/**
 * The audit trail: one immutable record per calculation, written once with a conditional put
 * (attribute_not_exists), so a retry or a race can never overwrite what was answered. The input is
 * stored pseudonymised (functions/shared/pseudonym.ts): the ID number never reaches this table.
 *
 * The receipt, input and result are stored as JSON text, not as nested maps: the record is an
 * immutable document that is read whole and never queried inside, and a flat item costs a fraction
 * of the marshalling and validation work per write (the audit write is on every calculation's path).
 *
 * The result (about 90 % of the item: every parameter trace with its label, source and reason) is
 * stored as raw DEFLATE (RFC 1951) of that same JSON text, a Binary attribute: less than half the
 * size for an entitlement (docs/infra.md, "Measured choices"). That is fewer DynamoDB write units per calculation (1 WCU per KB,
 * paid again for the byPrincipal index, which projects ALL) and less work for the local store. The
 * input stays plain JSON text, so a scan of the table can still be checked for clear ID numbers.
 * Records written before (result as a String) read back the same.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Receipt } from '../shared/calculate.ts';
import { fromAttributes, storeClient, toAttributes } from './client.ts';
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
/** Stored compressed. Level 1: nearly the size of level 6 at a fraction of the CPU (docs/infra.md). */
const COMPRESSED: ReadonlySet<string> = new Set(['result']);
const DEFLATE_LEVEL = 1;

function toItem(record: AuditRecord): Record<string, unknown> {
  const item: Record<string, unknown> = { ...record };
  for (const key of DOCUMENTS) {
    const text = JSON.stringify(record[key]);
    item[key] = COMPRESSED.has(key) ? deflateRawSync(text, { level: DEFLATE_LEVEL }) : text;
  }
  return item;
}

function fromItem(item: Record<string, unknown>): AuditRecord {
  const record: Record<string, unknown> = { ...item };
  for (const key of DOCUMENTS) {
    const value = item[key];
    if (typeof value === 'string') record[key] = JSON.parse(value);
    else if (value instanceof Uint8Array) record[key] = JSON.parse(inflateRawSync(value).toString('utf8'));
  }
  return record as unknown as AuditRecord;
}

export const auditRepository = {
  async put(record: AuditRecord): Promise<void> {
    try {
      await storeClient().send(
        new PutItemCommand({
          TableName: tableName(AUDIT_TABLE),
          Item: toAttributes(toItem(record)),
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
      const out = await storeClient().send(
        new GetItemCommand({
          TableName: tableName(AUDIT_TABLE),
          Key: { calculationId: { S: calculationId } },
          ConsistentRead: true,
        }),
      );
      return out.Item ? fromItem(fromAttributes(out.Item)) : undefined;
    } catch (error) {
      if (isUnavailable(error)) throw new StorageUnavailableError('audit get', { cause: error });
      throw error;
    }
  },
};
