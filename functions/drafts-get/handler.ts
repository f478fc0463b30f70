/** GET /v1/drafts/{id} (policy): a stored draft with its diff against its base, parameter by parameter. */
import { parseDraft } from '../../rules/draft.ts';
import { checkDraft } from '../policy/check-draft.ts';
import { AnyObject, IdPath } from '../policy/schemas.ts';
import { getPolicyItem } from '../policy/store.ts';
import { notFound } from '../shared/http-errors.ts';
import { httpRoute } from '../shared/middleware.ts';

export const handler = httpRoute(
  { route: 'drafts-get', path: IdPath, response: AnyObject },
  async ({ path }) => {
    const item = await getPolicyItem(path.id, 'draft');
    if (!item) throw notFound(`Draft ${path.id}`);
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
