/**
 * POST /v1/case-sets (policy): checks an uploaded case set (JSON Lines or CSV) line by line and keeps
 * the checked records, not the file: cases without their ID numbers, and for a bad line only why it
 * is bad (functions/policy/case-set-records.ts). A bad line is reported when a simulation runs, by
 * number, never fatal; only a CSV without a valid header row is refused here.
 */
import { putBlob } from '../policy/blobs.ts';
import { storedCaseSet } from '../policy/case-set-records.ts';
import { newId, putPolicyItem } from '../policy/store.ts';
import { badRequest } from '../shared/http-errors.ts';
import { httpRoute } from '../shared/middleware.ts';
import { RequestSchema, ResponseSchema } from './schema.ts';

export const handler = httpRoute(
  { route: 'case-sets-create', body: RequestSchema, response: ResponseSchema },
  async ({ body, principal }) => {
    const content = body.content.replace(/^\uFEFF/, '');
    const stored = storedCaseSet(content, body.format);
    if ('message' in stored) throw badRequest([{ path: 'content', message: stored.message }]);
    const id = newId();
    const key = `case-sets/${id}.records.jsonl`;
    await putBlob(key, stored.text, 'application/x-ndjson');
    const createdAt = new Date().toISOString();
    const record = {
      id,
      name: body.name,
      format: body.format,
      lines: stored.lines,
      bytes: Buffer.byteLength(content),
      createdAt,
    };
    await putPolicyItem({
      ...record,
      kind: 'case-set',
      key,
      stored: 'records',
      principalId: principal.principalId,
    });
    return { statusCode: 201, payload: record };
  },
);
