/** GET /v1/rulesets/{id}/parameters (functions/routes.ts): 404 unknown ruleset, 422 uncovered area or date. */
import { httpRoute } from '../shared/middleware.ts';
import { getRegistry } from '../shared/registry.ts';
import { PathSchema, QuerySchema, ResponseSchema } from './schema.ts';

export const handler = httpRoute(
  { route: 'ruleset-parameters', path: PathSchema, query: QuerySchema, response: ResponseSchema },
  ({ path, query }) => {
    const ruleset = getRegistry().get(path.id);
    const parameters = ruleset.resolveAll(query.area, query.date);
    return { payload: { ruleset: ruleset.id, rulesetHash: ruleset.hash, ...query, parameters } };
  },
);
