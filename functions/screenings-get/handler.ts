/** GET /v1/screenings/{id} (policy, caseworker): status and progress, then the summary per area and class. */
import { IdPath } from '../policy/schemas.ts';
import { getPolicyItem } from '../policy/store.ts';
import { notFound } from '../shared/http-errors.ts';
import { httpRoute } from '../shared/middleware.ts';
import { ResponseSchema } from './schema.ts';

export const handler = httpRoute(
  { route: 'screenings-get', path: IdPath, response: ResponseSchema },
  async ({ path }) => {
    const item = await getPolicyItem(path.id, 'screening');
    if (!item) throw notFound(`Screening ${path.id}`);
    const { principalId: _who, kind: _kind, ...shown } = item;
    return { payload: shown };
  },
);
