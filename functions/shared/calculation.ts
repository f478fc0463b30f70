/**
 * A calculation as the HTTP API runs it: the one calculate path (calculate.ts), then the audit
 * record, pseudonymised, written once. The response goes out only after the record is stored, so
 * every answer the API gave can be read back at GET /v1/calculations/{id}.
 */
import { randomUUID } from 'node:crypto';
import type { Case } from '../../rules/index.ts';
import { auditRepository } from '../store/audit.ts';
import type { Principal } from './auth.ts';
import { type CalculationKind, type CalculationResponse, calculateCase } from './calculate.ts';
import { loadPseudonymKey, prefetchPseudonymKey, pseudonymise } from './pseudonym.ts';
import { getRegistry } from './registry.ts';

prefetchPseudonymKey();

export async function calculateAndAudit<K extends CalculationKind>(
  kind: K,
  endpoint: string,
  input: Case,
  principal: Principal,
): Promise<CalculationResponse<K>> {
  const key = await loadPseudonymKey();
  const response = calculateCase(kind, input, getRegistry(), {
    calculationId: randomUUID(),
    calculatedAt: new Date().toISOString(),
  });
  const { receipt, ...result } = response;
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
  return response;
}
