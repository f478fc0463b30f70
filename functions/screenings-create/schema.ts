/** POST /v1/screenings: the lists of a coverage screening, uploaded as files, and what to screen for. */
import * as z from 'zod';
import { MonthSchema, RulesetIdSchema } from '../../rules/index.ts';
import { shownTextSchema } from '../policy/case-set.ts';
import { uuid } from '../policy/schemas.ts';
import { LIST_KINDS } from '../screening/lists.ts';

/** Every list's bytes together stay under the local server's 1 MiB body (base64 is 4/3 of the bytes). */
const MAX_LIST_BASE64 = 1_000_000;

const ListSchema = z.strictObject({
  list: z.enum(LIST_KINDS).describe('hukou 户籍, hardship 困难群体, roll 参保名册, exclusions 排除名单'),
  name: shownTextSchema(200).describe(
    'the file name, shown in reports: .csv is read as CSV, anything else as JSON Lines',
  ),
  format: z.enum(['csv', 'jsonl']).optional().describe('default: from the name'),
  content: z
    .string()
    .min(1)
    .max(MAX_LIST_BASE64)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be the file in base64')
    .describe('the file as sent, in base64 (UTF-8 or GBK text)'),
});

export const RequestSchema = z
  .strictObject({
    name: shownTextSchema(200).optional(),
    month: MonthSchema.describe('the month screened'),
    ruleset: RulesetIdSchema.optional().describe('default: the latest published ruleset'),
    byTownship: z.boolean().optional().describe('also one CSV per township'),
    previousId: uuid().optional().describe('an earlier screening to compare with'),
    lists: z.array(ListSchema).min(1).max(20),
  })
  .meta({ id: 'ScreeningRequest' });

export const ResponseSchema = z
  .strictObject({ id: z.string(), status: z.literal('queued'), location: z.string() })
  .meta({ id: 'ScreeningQueued' });
