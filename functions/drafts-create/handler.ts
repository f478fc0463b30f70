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
import { HttpError } from '../shared/http-errors.ts';
import { httpRoute } from '../shared/middleware.ts';
import { RequestSchema } from './schema.ts';

/** A stored draft must fit one DynamoDB item (400 KB with its other attributes). */
const MAX_STORED_DRAFT_BYTES = 300_000;

function refuseOversized(draft: unknown, field: string): void {
  const bytes = Buffer.byteLength(JSON.stringify(draft));
  if (bytes <= MAX_STORED_DRAFT_BYTES) return;
  const message = `the draft takes ${bytes} bytes once read; at most ${MAX_STORED_DRAFT_BYTES} can be stored`;
  throw new HttpError(413, 'draft-too-large', 'The draft is too large', message, [{ path: field, message }]);
}

export const handler = httpRoute(
  { route: 'drafts-create', body: RequestSchema, response: AnyObject },
  async ({ body, principal }) => {
    const { draft, candidate, diff } = checkDraft(() =>
      body.yaml !== undefined ? readDraftText(body.yaml) : parseDraft(body.draft),
    );
    refuseOversized(draft, body.yaml !== undefined ? 'yaml' : 'draft');
    const id = newId();
    const createdAt = new Date().toISOString();
    await putPolicyItem({
      id,
      kind: 'draft',
      createdAt,
      principalId: principal.principalId,
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
