/**
 * Cognito pre token generation trigger: staff are managed as members of the user-pool groups
 * `caseworker` and `policy`; this puts the matching role into the ID token as the claim `role`,
 * which the JWT authorizer hands to the handlers (functions/shared/auth.ts reads `claims.role`).
 * Users cannot set `role` themselves: it is not a user attribute, only this trigger writes it.
 * `system` is never granted through Cognito: machine callers use API keys.
 */
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import type { Role } from '../routes.ts';

/** Staff roles, most specific first: a user in both groups gets the first one listed. */
export const STAFF_ROLES: readonly Role[] = ['policy', 'caseworker'];

export function roleFromGroups(groups: readonly string[] | undefined): Role | undefined {
  return STAFF_ROLES.find((role) => groups?.includes(role));
}

export const handler = async (
  event: PreTokenGenerationTriggerEvent,
): Promise<PreTokenGenerationTriggerEvent> => {
  const role = roleFromGroups(event.request.groupConfiguration?.groupsToOverride);
  event.response = {
    claimsOverrideDetails: role ? { claimsToAddOrOverride: { role } } : { claimsToSuppress: ['role'] },
  };
  return event;
};
