/** GET /v1/screenings/{id}/results: a finished screening's files, as CSV for Excel. */
import * as z from 'zod';

const RESULT_FILES = ['results', 'summary', 'bad-rows'] as const;

export const QuerySchema = z.strictObject({
  file: z
    .enum(RESULT_FILES)
    .optional()
    .describe(
      'results (default): one row per finding; summary: the weekly dispatch table per area; bad-rows',
    ),
  township: z
    .string()
    .regex(/^\d{9}(\d{3})?$/, 'must be a 9- or 12-digit township code')
    .optional()
    .describe('only this township’s results (a screening run with byTownship)'),
});

export const ResponseSchema = z.string().meta({ description: 'CSV, UTF-8 with a byte-order mark' });
