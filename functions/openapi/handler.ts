/** GET /openapi.json (functions/routes.ts): public, generated from the zod schemas. */
import { httpRoute } from '../shared/middleware.ts';
import { openApiDocument } from './document.ts';
import { ResponseSchema } from './schema.ts';

export const handler = httpRoute({ route: 'openapi', response: ResponseSchema }, () => ({
  payload: openApiDocument(),
}));
