/** GET /v1/calculations/{calculationId} (functions/routes.ts): the audit record, or 404. */
import { notFound } from '../shared/http-errors.ts';
import { httpRoute } from '../shared/middleware.ts';
import { auditRepository } from '../store/audit.ts';
import { PathSchema, ResponseSchema } from './schema.ts';

export const handler = httpRoute(
  { route: 'calculation-get', path: PathSchema, response: ResponseSchema },
  async ({ path }) => {
    const record = await auditRepository.get(path.calculationId);
    if (!record) throw notFound(`Calculation ${path.calculationId}`);
    return { payload: record };
  },
);
