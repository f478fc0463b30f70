/** POST /v1/case-sets: a case set uploaded as JSON Lines or CSV, kept as checked records without ID numbers. */
import * as z from 'zod';
import { shownTextSchema } from '../policy/case-set.ts';
import { CSV_CONTENT_PATTERN } from '../policy/case-set-csv.ts';

const FORMATS = ['jsonl', 'csv'] as const;

export const RequestSchema = z
  .strictObject({
    // The name is shown in every report of the set, like a ref.
    name: shownTextSchema(200),
    format: z.enum(FORMATS),
    content: z
      .string()
      .min(1)
      .max(900_000)
      .describe(
        'the file: JSON Lines, or CSV with its header row (lines are checked when a simulation runs)',
      ),
  })
  // The handler refuses a CSV whose header row it cannot read (400 at `content`); the document
  // carries that check as the pattern of the CSV branch.
  .meta({
    id: 'CaseSetRequest',
    oneOf: [
      { required: ['format'], properties: { format: { const: 'jsonl' } } },
      {
        required: ['format', 'content'],
        properties: { format: { const: 'csv' }, content: { pattern: CSV_CONTENT_PATTERN } },
      },
    ],
  });

export const ResponseSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    format: z.enum(FORMATS),
    lines: z.int(),
    bytes: z.int(),
    createdAt: z.string(),
  })
  .meta({ id: 'CaseSet' });
