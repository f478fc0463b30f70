/** GET /v1/screenings/{id} (policy, caseworker): status and progress, then the summary per area and class. */

import { foundPolicyItem, shownFields } from '../policy/found-item.ts';
import { IdPath } from '../policy/schemas.ts';
import { httpRoute } from '../shared/middleware.ts';
import { ResponseSchema } from './schema.ts';

export const handler = httpRoute(
  { route: 'screenings-get', path: IdPath, response: ResponseSchema },
  async ({ path }) => {
    return { payload: shownFields(await foundPolicyItem(path.id, 'screening')) };
  },
);
