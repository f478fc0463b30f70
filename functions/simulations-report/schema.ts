/** GET /v1/simulations/{id}/{file}: which report file, and its text. */
import * as z from 'zod';
import { uuid } from '../policy/schemas.ts';

/** The report's three forms, each with the media type it is served as. */
export const REPORT_FILES = {
  'report.csv': 'text/csv; charset=utf-8',
  'report.json': 'application/json',
  'report.html': 'text/html; charset=utf-8',
} as const;
export type ReportFile = keyof typeof REPORT_FILES;

export const PathSchema = z.strictObject({
  id: uuid('must be an id returned when it was created'),
  file: z.enum(Object.keys(REPORT_FILES) as [ReportFile, ...ReportFile[]]).meta({
    description: 'report.csv (Excel and WPS: Chinese headers, UTF-8 with BOM), report.json or report.html',
  }),
});

export const ResponseSchema = z.string().meta({ description: 'The report file, as an attachment' });
