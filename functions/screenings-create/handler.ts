/**
 * POST /v1/screenings (policy, caseworker): a coverage screening (应保尽保) of uploaded lists. The
 * lists are read here, row by row, and stored as records keyed by the ID number's keyed pseudonym,
 * never the number (a bad row is kept only as file, line, column and why); the screening runs after
 * the 202 and is followed at GET /v1/screenings/{id}. A file that is neither UTF-8 nor GBK, or whose
 * header lacks a column its list needs, is a 422 naming that list (the body itself is well formed:
 * what is wrong is inside the file); so is an upload without a hukou roster.
 */

import { getPolicyItem, newId, putPolicyItem } from '../policy/store.ts';
import { readUploadedLists, runStoredScreening, storeScreeningInput } from '../screening/api-run.ts';
import { screeningRuleset } from '../screening/run-screening.ts';
import { HttpError } from '../shared/http-errors.ts';
import { httpRoute } from '../shared/middleware.ts';
import { loadPseudonymKey, prefetchPseudonymKey } from '../shared/pseudonym.ts';
import { getRegistry } from '../shared/registry.ts';
import { RequestSchema, ResponseSchema } from './schema.ts';

prefetchPseudonymKey();

/** Background runs of this process, so tests and a shutdown can wait for them. */
export const running = new Set<Promise<void>>();

const unknown = (path: string, message: string) =>
  new HttpError(
    422,
    'unknown-reference',
    'Unknown reference',
    'The screening refers to something that does not exist.',
    [{ path, message }],
  );

const unreadable = (path: string, message: string) =>
  new HttpError(422, 'unreadable-list', 'A list cannot be screened', 'A list is missing or cannot be read.', [
    { path, message },
  ]);

export const handler = httpRoute(
  { route: 'screenings-create', body: RequestSchema, response: ResponseSchema },
  async ({ body, principal }) => {
    if (!body.lists.some((l) => l.list === 'hukou')) {
      throw unreadable('lists', 'must include the hukou roster (a list of kind hukou)');
    }
    if (body.ruleset !== undefined && !getRegistry().has(body.ruleset)) {
      throw unknown('ruleset', 'no such published ruleset');
    }
    // A month before the ruleset's coverage is refused here, not found by every person's run.
    screeningRuleset(getRegistry(), body.ruleset, body.month);
    if (body.previousId !== undefined) {
      const previous = await getPolicyItem(body.previousId, 'screening');
      if (previous?.status !== 'done') throw unknown('previousId', 'no finished screening with this id');
    }
    const key = await loadPseudonymKey();
    const read = await readUploadedLists(
      body.lists.map((l) => ({
        list: l.list,
        name: l.name,
        ...(l.format ? { format: l.format } : {}),
        bytes: Buffer.from(l.content, 'base64'),
      })),
      key,
    );
    if ('refused' in read) throw unreadable(`lists[${read.index}].content`, read.refused);
    const id = newId();
    await storeScreeningInput(id, read);
    await putPolicyItem({
      id,
      kind: 'screening',
      createdAt: new Date().toISOString(),
      principalId: principal?.principalId ?? 'unknown',
      status: 'queued',
      month: body.month,
      ruleset: body.ruleset ?? getRegistry().latest.id,
      ...(body.name !== undefined ? { name: body.name } : {}),
      byTownship: body.byTownship === true,
      ...(body.previousId !== undefined ? { previousId: body.previousId } : {}),
      lists: read.lists,
      badRows: read.badRows.length,
      progress: { percent: 0 },
    });
    if (process.env.SCREENINGS_RUN_BY !== 'stream') {
      // Started after this answer is built.
      const run = new Promise<void>((resolve) => setImmediate(resolve)).then(() => runStoredScreening(id));
      running.add(run);
      void run.finally(() => running.delete(run));
    }
    return { statusCode: 202, payload: { id, status: 'queued', location: `/v1/screenings/${id}` } };
  },
);
