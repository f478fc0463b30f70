/** POST /v1/drafts (policy): validates a draft against its base and stores it; answers with its diff. */
import { AnyObject, checkDraft, DraftBody, newId } from '../policy/api.ts';
import { policyRepository } from '../policy/store.ts';
import { httpRoute } from '../shared/middleware.ts';

export const handler = httpRoute(
  { route: 'drafts-create', body: DraftBody, response: AnyObject },
  async ({ body, principal }) => {
    const { draft, candidate, diff } = checkDraft(body);
    const id = newId();
    const createdAt = new Date().toISOString();
    await policyRepository.put({
      id,
      kind: 'draft',
      createdAt,
      principalId: principal?.principalId ?? 'unknown',
      ...(body.name !== undefined ? { name: body.name } : {}),
      draft,
    });
    return {
      statusCode: 201,
      payload: {
        id,
        createdAt,
        base: draft.base,
        candidate: { id: candidate.id, hash: candidate.hash },
        draft,
        diff,
      },
    };
  },
);
