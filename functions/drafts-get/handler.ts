/** GET /v1/drafts/{id} (policy): a stored draft with its diff against its base, parameter by parameter. */
import { parseDraft } from '../../rules/draft.ts';
import { checkDraft } from '../policy/check-draft.ts';
import { foundPolicyItem } from '../policy/found-item.ts';
import { AnyObject, IdPath } from '../policy/schemas.ts';
import { httpRoute } from '../shared/middleware.ts';

export const handler = httpRoute(
  { route: 'drafts-get', path: IdPath, response: AnyObject },
  async ({ path }) => {
    const item = await foundPolicyItem(path.id, 'draft');
    // Stored as the parsed object (drafts-create), so no YAML parser is needed to read it back.
    const { draft, candidate, diff } = checkDraft(() => parseDraft(item.draft));
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
