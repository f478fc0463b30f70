/**
 * POST /v1/drafts (policy): validates a draft against its base and stores it; answers with its diff.
 * The only route that reads a draft as YAML text, so the only one bundling the YAML parser. It stores
 * the parsed draft object, which the other routes read without it.
 */
import { parseDraft } from '../../rules/draft.ts';
import { checkDraft } from '../policy/check-draft.ts';
import { readDraftText } from '../policy/draft-text.ts';
import { AnyObject } from '../policy/schemas.ts';
import { newId, putPolicyItem } from '../policy/store.ts';
import { httpRoute } from '../shared/middleware.ts';
import { RequestSchema } from './schema.ts';

export const handler = httpRoute(
  { route: 'drafts-create', body: RequestSchema, response: AnyObject },
  async ({ body, principal }) => {
    const { draft, candidate, diff } = checkDraft(() =>
      body.yaml !== undefined ? readDraftText(body.yaml) : parseDraft(body.draft),
    );
    const id = newId();
    const createdAt = new Date().toISOString();
    await putPolicyItem({
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
