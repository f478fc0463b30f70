/**
 * Turns raw lines of a case set into replayable items, in either format, and replays them: the unit
 * of work a worker thread (or the in-process runner) does for one batch.
 */
import type { Ruleset } from '../../rules/index.ts';
import { type CaseSetItem, parseJsonLine } from './case-set.ts';
import { type CsvHeader, parseCsvRow } from './case-set-csv.ts';
import { parseRecordLine } from './case-set-records.ts';
import { type Aggregates, addError, type ReplayOptions, replayBatch } from './replay.ts';
import { csvRow } from './report.ts';
import type { UnaffectedCheck } from './unaffected.ts';

/** A case-set file as sent (JSON Lines, CSV) or as the policy API stores an upload (./case-set-records.ts). */
export type CaseSetFormat = { kind: 'jsonl' } | { kind: 'csv'; header: CsvHeader } | { kind: 'records' };

function parseLine(format: CaseSetFormat, text: string, line: number) {
  if (format.kind === 'csv') return parseCsvRow(format.header, text, line);
  return format.kind === 'records' ? parseRecordLine(text, line) : parseJsonLine(text, line);
}

/** A batch of raw lines: [line number, text] pairs. */
export type RawLines = readonly (readonly [number, string])[];

export interface BatchResult {
  readonly aggregates: Aggregates;
  /** The CSV rows of the changed cases, newline-terminated, in line order. */
  readonly rows: string;
}

export function replayRawLines(
  lines: RawLines,
  format: CaseSetFormat,
  baseline: Ruleset,
  candidate: Ruleset,
  options: Omit<ReplayOptions, 'onChanged'>,
  unaffected?: UnaffectedCheck,
): BatchResult {
  const items: CaseSetItem[] = [];
  const bad: { line: number; message: string }[] = [];
  for (const [line, text] of lines) {
    const result = parseLine(format, text, line);
    if (result.ok) items.push(result.item);
    else bad.push(result.bad);
  }
  let rows = '';
  const areaName = (code: string) => baseline.areas.get(code)?.name ?? '';
  const aggregates = replayBatch(
    items,
    baseline,
    candidate,
    { ...options, onChanged: (row) => (rows += `${csvRow(row, areaName)}\n`) },
    unaffected,
  );
  for (const b of bad) addError(aggregates, b, options.keep);
  aggregates.errorLines.sort((a, b) => a.line - b.line);
  return { aggregates, rows };
}
