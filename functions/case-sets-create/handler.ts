/**
 * POST /v1/case-sets (policy): stores an uploaded case set (JSON Lines or CSV) as a blob. Lines are
 * validated when a simulation runs (a bad line is reported there by number, never fatal); here only
 * the size and the CSV header are checked.
 */
import { putBlob } from '../policy/blobs.ts';
import { parseCsvHeader } from '../policy/case-set-csv.ts';
import { newId, putPolicyItem } from '../policy/store.ts';
import { badRequest } from '../shared/http-errors.ts';
import { httpRoute } from '../shared/middleware.ts';
import { RequestSchema, ResponseSchema } from './schema.ts';

export const handler = httpRoute(
  { route: 'case-sets-create', body: RequestSchema, response: ResponseSchema },
  async ({ body, principal }) => {
    const content = body.content.replace(/^\uFEFF/, '');
    const lines = content.split(/\r?\n/).filter((l) => l.trim() !== '').length;
    if (body.format === 'csv') {
      const header = parseCsvHeader(content.slice(0, content.search(/\r?\n|$/)));
      if ('message' in header) throw badRequest([{ path: 'content', message: header.message }]);
    }
    const id = newId();
    const key = `case-sets/${id}.${body.format}`;
    await putBlob(key, content, body.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    const createdAt = new Date().toISOString();
    const record = {
      id,
      name: body.name,
      format: body.format,
      lines: body.format === 'csv' ? lines - 1 : lines,
      bytes: Buffer.byteLength(content),
      createdAt,
    };
    await putPolicyItem({
      ...record,
      kind: 'case-set',
      key,
      principalId: principal?.principalId ?? 'unknown',
    });
    return { statusCode: 201, payload: record };
  },
);
