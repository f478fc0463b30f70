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
  // The names GET /v1/screenings/{id} lists under `townships`: a township's code, or for persons
  // whose hukou names no township their county's code, and `none` for persons with no hukou.
  township: z
    .string()
    .regex(
      /^(\d{6}|\d{9}|\d{12}|none)$/,
      'must be a township code (9 or 12 digits), a county code (6 digits) or none',
    )
    .optional()
    .describe(
      'only these results (a screening run with byTownship): a township’s code, a county’s code for persons whose hukou names no township, or none for persons with no hukou; as listed in `townships`',
    ),
});

export const ResponseSchema = z.string().meta({ description: 'CSV, UTF-8 with a byte-order mark' });
