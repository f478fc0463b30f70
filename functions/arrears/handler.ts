/** POST /v1/arrears (functions/routes.ts): validated case → engine → audit record → answer. */
import { calculationRoute } from '../shared/calculation-route.ts';
import { RequestSchema, ResponseSchema } from './schema.ts';

export const handler = calculationRoute('arrears', { body: RequestSchema, response: ResponseSchema });
