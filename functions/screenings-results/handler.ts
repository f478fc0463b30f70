/**
 * GET /v1/screenings/{id}/results (policy, caseworker): the per-finding CSV (whole, or one
 * township's), the summary per area and class, or the bad rows. Persons appear by their pseudonym.
 */
import { getBlob } from '../policy/blobs.ts';
import { foundPolicyItem } from '../policy/found-item.ts';
import { IdPath } from '../policy/schemas.ts';
import { screeningBlob } from '../screening/api-run.ts';
import { OUTPUT_FILES } from '../screening/run-screening.ts';
import { HttpError, notFound } from '../shared/http-errors.ts';
import { httpRoute } from '../shared/middleware.ts';
import { QuerySchema, ResponseSchema } from './schema.ts';

const FILES = {
  results: OUTPUT_FILES.csv,
  summary: OUTPUT_FILES.summaryCsv,
  'bad-rows': OUTPUT_FILES.badRows,
};

export const handler = httpRoute(
  {
    route: 'screenings-results',
    path: IdPath,
    query: QuerySchema,
    response: ResponseSchema,
    contentType: 'text/csv; charset=utf-8',
  },
  async ({ path, query }) => {
    const item = await foundPolicyItem(path.id, 'screening');
    if (item.status !== 'done') {
      throw new HttpError(
        409,
        'not-finished',
        'Not finished',
        `The screening is ${String(item.status)}; its results come when it is done.`,
      );
    }
    if (query.township !== undefined) {
      const townships = Array.isArray(item.townships) ? (item.townships as string[]) : [];
      if (!townships.includes(query.township))
        throw notFound(`A results file for township ${query.township}`);
      return {
        payload: await getBlob(screeningBlob(path.id, `${OUTPUT_FILES.townships}/${query.township}.csv`)),
      };
    }
    return { payload: await getBlob(screeningBlob(path.id, FILES[query.file ?? 'results'])) };
  },
);
