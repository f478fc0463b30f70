/**
 * GET /v1/calculations/{calculationId} (functions/routes.ts): the audit record as the caller may see
 * it (./access.ts), or 404 — for an unknown id and for a record the caller may not read alike.
 */
import { notFound } from '../shared/http-errors.ts';
import { httpRoute } from '../shared/middleware.ts';
import { auditRepository } from '../store/audit.ts';
import { recordForReader } from './access.ts';
import { PathSchema, ResponseSchema } from './schema.ts';

export const handler = httpRoute(
  { route: 'calculation-get', path: PathSchema, response: ResponseSchema },
  async ({ path, principal }) => {
    const record = await auditRepository.get(path.calculationId);
    const shown = record && recordForReader(record, principal);
    if (!shown) throw notFound(`Calculation ${path.calculationId}`);
    return { payload: shown };
  },
);
