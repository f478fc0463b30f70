/**
 * A calculation as the HTTP API runs it: the one calculate path (calculate.ts), then the audit
 * record, pseudonymised, written once. The response goes out only after the record is stored, so
 * every answer the API gave can be read back at GET /v1/calculations/{id}.
 *
 * With an Idempotency-Key the calculation id is derived from the key (already scoped by route and
 * caller), so one key always means one record: if a first attempt stored its audit record but died
 * before its idempotency entry was saved, the retry finds that record and answers with it.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Case } from '../../rules/index.ts';
import { auditRepository } from '../store/audit.ts';
import { RecordExistsError } from '../store/errors.ts';
import type { Principal } from './auth.ts';
import { type CalculationKind, type CalculationResponse, calculateCase } from './calculate.ts';
import { loadPseudonymKey, prefetchPseudonymKey, pseudonymise } from './pseudonym.ts';
import { getRegistry } from './registry.ts';

prefetchPseudonymKey();

/**
 * A UUID (RFC 9562 version 8: custom) from the idempotency key, keyed with the service's HMAC key so
 * that knowing a caller's key does not give its calculation id.
 */
function calculationIdFor(idempotencyKey: string, key: Buffer): string {
  const bytes = createHmac('sha256', key).update(`calculation|${idempotencyKey}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function calculateAndAudit<K extends CalculationKind>(
  kind: K,
  endpoint: string,
  input: Case,
  principal: Principal,
  idempotencyKey?: string,
): Promise<CalculationResponse<K>> {
  const key = await loadPseudonymKey();
  const calculationId = idempotencyKey === undefined ? randomUUID() : calculationIdFor(idempotencyKey, key);
  const response = calculateCase(kind, input, getRegistry(), {
    calculationId,
    calculatedAt: new Date().toISOString(),
  });
  const { receipt, ...result } = response;
  try {
    await auditRepository.put({
      calculationId: receipt.calculationId,
      kind,
      endpoint,
      calculatedAt: receipt.calculatedAt,
      ruleset: receipt.ruleset,
      rulesetHash: receipt.rulesetHash,
      inputHash: receipt.inputHash,
      receipt,
      input: pseudonymise(input, key) as Record<string, unknown>,
      result: result as Record<string, unknown>,
      role: principal.role,
      principalId: principal.principalId,
    });
  } catch (error) {
    if (!(error instanceof RecordExistsError) || idempotencyKey === undefined) throw error;
    const stored = await auditRepository.get(calculationId);
    // The payload check of the idempotency layer makes a different body under the same key a 422
    // before this point; the input hash proves it again.
    if (stored === undefined || stored.inputHash !== receipt.inputHash) throw error;
    return { ...stored.result, receipt: stored.receipt } as unknown as CalculationResponse<K>;
  }
  return response;
}
