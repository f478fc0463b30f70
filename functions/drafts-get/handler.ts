/** GET /v1/drafts/{id} (policy): a stored draft with its diff against its base, parameter by parameter. */
import { AnyObject, checkDraft, IdPath } from '../policy/api.ts';
import { policyRepository } from '../policy/store.ts';
import { notFound } from '../shared/http-errors.ts';
import { httpRoute } from '../shared/middleware.ts';

export const handler = httpRoute(
  { route: 'drafts-get', path: IdPath, response: AnyObject },
  async ({ path }) => {
    const item = await policyRepository.get(path.id, 'draft');
    if (!item) throw notFound(`Draft ${path.id}`);
    const { draft, candidate, diff } = checkDraft({ draft: item.draft });
    return {
      payload: {
        id: item.id,
        createdAt: item.createdAt,
        ...(item.name !== undefined ? { name: item.name } : {}),
        base: draft.base,
        candidate: { id: candidate.id, hash: candidate.hash },
        draft,
        diff,
      },
    };
  },
);
