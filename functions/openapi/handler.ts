/** GET /openapi.json (functions/routes.ts): public, generated from the zod schemas. */
import { publicRoute } from '../shared/middleware.ts';
import { openApiDocument } from './document.ts';
import { ResponseSchema } from './schema.ts';

export const handler = publicRoute({ route: 'openapi', response: ResponseSchema }, () => ({
  payload: openApiDocument(),
}));
