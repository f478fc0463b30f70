/**
 * API Gateway HTTP API Lambda authorizer (payload 2.0, simple responses) for machine callers:
 * `Authorization: Bearer <API key>` → the key's role and client, passed to the handlers as
 * `event.requestContext.authorizer.lambda = { role, principalId }` (functions/shared/auth.ts).
 *
 * It authenticates; the handler authorizes the role against functions/routes.ts, so a wrong role
 * gets the API's own 403 problem document. An unknown key throws "Unauthorized", which API Gateway
 * answers with 401 (a missing header never reaches this function: API Gateway answers 401 itself).
 */
import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { storeClient } from '../store/client.ts';
import { tableName } from '../store/tables.ts';
import { API_KEYS_TABLE, bearerToken, findApiKey } from './api-keys.ts';

export interface AuthorizerContext {
  role: string;
  principalId: string;
}

export const handler = async (
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>> => {
  const token = bearerToken(event.headers?.authorization);
  const record = token ? await findApiKey(storeClient(), tableName(API_KEYS_TABLE), token) : undefined;
  // The exact message "Unauthorized" is what API Gateway turns into a 401 instead of a 500.
  if (!record) throw new Error('Unauthorized');
  return { isAuthorized: true, context: { role: record.role, principalId: `api-key:${record.client}` } };
};
