/**
 * What is kept of an uploaded case set: not the file as sent, but its lines as checked, one record a
 * line (JSON Lines), numbered as in the upload:
 *
 *   {"line":2,"ref":"GS-1","case":{"person":{"birthDate":…,"hukou":[…]},"month":"2026-06"}}
 *   {"line":4,"error":"person.birthDate (column 3): must be a date YYYY-MM-DD"}
 *
 * A good line keeps the case without its ID number: the replay needs none (the number plays no part in
 * any amount, it is checked here against the birth date, and the report's key is a hash of the case
 * without it). It is dropped rather than pseudonymised: a case set is for comparing rules over many
 * residents, not for finding one, and a keyed pseudonym would link its lines to the audit trail.
 * A bad line keeps only why it is bad (./case-set.ts words that without quoting the line). So nothing
 * unchecked is stored: an ID number typed into a ref, an unknown field or a broken line stays out too.
 */
import type { Case } from '../../rules/index.ts';
import {
  type BadLine,
  type CaseSetItem,
  type LineResult,
  parseCaseEntry,
  parseJsonLine,
} from './case-set.ts';
import { parseCsvHeader, parseCsvRow, stripBom } from './case-set-csv.ts';

export type UploadFormat = 'jsonl' | 'csv';

/** One stored line: a checked case, or the reason a line was refused. */
type CaseSetRecord =
  | {
      readonly line: number;
      readonly ref?: string;
      readonly recorded?: CaseSetItem['recorded'];
      readonly case: Case;
    }
  | { readonly line: number; readonly error: string };

export interface StoredCaseSet {
  /** The records as JSON Lines. */
  readonly text: string;
  /** Lines that hold a case or a refusal (blank lines and a CSV header are not counted). */
  readonly lines: number;
}

/** The record of one checked line. */
function toRecord(result: LineResult): CaseSetRecord {
  if (!result.ok) return { line: result.bad.line, error: result.bad.message };
  const { line, ref, recorded, input } = result.item;
  const { idNumber: _dropped, ...person } = input.person;
  return {
    line,
    ...(ref !== undefined ? { ref } : {}),
    ...(recorded !== undefined ? { recorded } : {}),
    case: { ...input, person },
  };
}

/**
 * Checks every line of an upload and gives what is stored, or the header's problem (a CSV whose first
 * row is not a valid header is refused whole, as before). Lines are split as the replay's reader
 * splits them (\n, \r\n or \r), so the line numbers are the ones staff see in their file.
 */
export function storedCaseSet(content: string, format: UploadFormat): StoredCaseSet | BadLine {
  const rows = stripBom(content).split(/\r\n|\r|\n/);
  let parse: (text: string, line: number) => LineResult = parseJsonLine;
  let first = 0;
  if (format === 'csv') {
    const header = parseCsvHeader(rows[0] ?? '');
    if ('message' in header) return header;
    parse = (text, line) => parseCsvRow(header, text, line);
    first = 1;
  }
  const records: string[] = [];
  for (let i = first; i < rows.length; i++) {
    const text = rows[i] as string;
    if (text.trim() === '') continue;
    records.push(JSON.stringify(toRecord(parse(text, i + 1))));
  }
  return { text: records.length > 0 ? `${records.join('\n')}\n` : '', lines: records.length };
}

/**
 * One stored record back as a replayable line. The case is checked again (the stored set is data
 * like any other); its line number is the upload's, not the stored file's.
 */
export function parseRecordLine(text: string, fileLine: number): LineResult {
  let record: Partial<{ line: unknown; error: unknown; ref: unknown; recorded: unknown; case: unknown }>;
  try {
    record = JSON.parse(text) as typeof record;
  } catch {
    return { ok: false, bad: { line: fileLine, message: 'the stored record is not valid JSON' } };
  }
  const line = typeof record.line === 'number' ? record.line : fileLine;
  if (typeof record.error === 'string') return { ok: false, bad: { line, message: record.error } };
  const stored = record.case;
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
    return { ok: false, bad: { line, message: 'the stored record holds no case' } };
  }
  return parseCaseEntry(
    {
      ...stored,
      ...(record.ref !== undefined ? { ref: record.ref } : {}),
      ...(record.recorded !== undefined ? { recorded: record.recorded } : {}),
    },
    line,
  );
}
