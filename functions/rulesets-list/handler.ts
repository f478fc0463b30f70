/** GET /v1/rulesets (functions/routes.ts). */
import { httpRoute } from '../shared/middleware.ts';
import { getRegistry } from '../shared/registry.ts';
import { ResponseSchema } from './schema.ts';

export const handler = httpRoute({ route: 'rulesets-list', response: ResponseSchema }, () => {
  const registry = getRegistry();
  return { payload: { rulesets: registry.list(), latest: registry.latest.id } };
});
