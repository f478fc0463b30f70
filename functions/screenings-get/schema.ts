/** GET /v1/screenings/{id}: a screening's status, then its summary (the weekly dispatch table). */
import * as z from 'zod';
import { AnyObject } from '../policy/schemas.ts';

export const ResponseSchema = z
  .strictObject({
    id: z.string(),
    name: z.string().optional(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    createdAt: z.string(),
    finishedAt: z.string().optional(),
    month: z.string(),
    ruleset: z.string(),
    byTownship: z.boolean(),
    previousId: z.string().optional(),
    progress: z.strictObject({ percent: z.int() }),
    lists: z.array(AnyObject).describe('each list: name, kind, encoding, rows, records, badRows'),
    badRows: z.int().describe('rows that could not be read (GET …/results?file=bad-rows names them)'),
    summary: AnyObject.optional().describe('when done: screened, withFindings, areas[], total, previous?'),
    townships: z
      .array(z.string())
      .optional()
      .describe('when done with byTownship: the townships with a file'),
    error: z.string().optional(),
  })
  .meta({ id: 'Screening' });
