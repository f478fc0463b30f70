/**
 * Case sets: historical cases for a replay. One case per line (JSON Lines) in the contract's request
 * shape, optionally with `ref` (the office's own pseudonymous file reference) and `recorded` (what was
 * actually decided then). A bad line is reported with its number and skipped; it never stops a run.
 */
import * as z from 'zod';
import {
  type Case,
  CaseSchema,
  checkCase,
  formatPath,
  MonthSchema,
  RulesError,
  SignedMoneySchema,
} from '../../rules/index.ts';
import { issueMessage, notJsonMessage } from '../shared/field-problems.ts';
import { maskIdNumbers } from '../shared/id-like.ts';

const RecordedSchema = z
  .strictObject({
    month: MonthSchema.optional().describe('the month the recorded monthly total was decided for'),
    total: SignedMoneySchema.optional().describe(
      'the monthly amount paid for `month` (default: the case month)',
    ),
    arrears: SignedMoneySchema.optional().describe('the back-pay total decided up to the case month'),
  })
  .refine((r) => r.total !== undefined || r.arrears !== undefined, {
    message: 'recorded needs a total, an arrears total or both',
  });
type Recorded = z.infer<typeof RecordedSchema>;

const ID_NUMBER_LIKE = /\d{15}|\d{17}[\dXx]/;

/**
 * Why a text that reports show as it is (a ref, a case set's name) may not be kept: a control
 * character (a tab or a line break opens a cell or a row in report.csv, and none belongs in a
 * reference), a bidirectional-text control ("GS-1", U+202E, "0987" shows as "GS-17890": what a reader
 * sees would not be what was filed), or an ID number. The message names the place, not the text.
 */
function shownTextProblem(text: string): string | undefined {
  let at = 0;
  for (const character of text) {
    at++;
    const c = character.codePointAt(0) as number;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return `must not contain control characters (character ${at} is one)`;
    }
    if (
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069) ||
      c === 0x200e ||
      c === 0x200f ||
      c === 0x061c
    ) {
      return `must not contain bidirectional-text controls such as U+202E (character ${at} is one)`;
    }
  }
  return ID_NUMBER_LIKE.test(text) ? 'must not be an ID number (it appears in reports)' : undefined;
}

/** Text the office chose that every report of the set shows (a ref, a case set's name). */
export function shownTextSchema(maxLength: number) {
  return z
    .string()
    .min(1)
    .max(maxLength)
    .check(
      z.check<string>((ctx) => {
        const message = shownTextProblem(ctx.value);
        if (message !== undefined) ctx.issues.push({ code: 'custom', input: ctx.value, message });
      }),
    );
}

const RefSchema = shownTextSchema(64);

/** Fields a case-set entry may have beside the case's own. */
const ENTRY_FIELDS = ['ref', 'recorded'] as const;

export interface CaseSetItem {
  /** 1-based line number in the case set (the header of a CSV is line 1). */
  readonly line: number;
  readonly ref?: string;
  readonly input: Case;
  readonly recorded?: Recorded;
}

export interface BadLine {
  readonly line: number;
  readonly message: string;
}

export type LineResult = { ok: true; item: CaseSetItem } | { ok: false; bad: BadLine };

function bad(line: number, message: string): LineResult {
  return { ok: false, bad: { line, message } };
}

/**
 * Words where a problem is: by default the field path ("person.birthDate", "(case)" for the whole
 * line); the CSV import adds the column.
 */
export type Locate = (path: string) => string;
const byPath: Locate = (path) => path || '(case)';

/** The first issue of a zod error and how many more, worded without the line's text. */
function firstIssue(error: z.ZodError, schema: z.ZodType, extraFields: readonly string[] = []) {
  const issue = error.issues[0] as z.core.$ZodIssue;
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more)` : '';
  // An unknown field is named by its own path, as the API names it (field-problems.ts), masked.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] as string] : issue.path;
  return {
    path: maskIdNumbers(formatPath(path)),
    message: `${issueMessage(issue, schema, extraFields)}${more}`,
  };
}

/**
 * Validates one case-set entry (already an object): the case plus the optional ref and recorded. A
 * bad entry is named by its line, the field (and, through `locate`, the column) and the rule broken;
 * never by what it holds, since a bad line's message goes into reports, stored simulations and
 * answers, and the line may hold an ID number anywhere.
 */
export function parseCaseEntry(value: unknown, line: number, locate: Locate = byPath): LineResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return bad(line, 'a line must hold one JSON object (a case)');
  }
  const { recorded, ref, ...body } = value as Record<string, unknown>;
  const parsed = CaseSchema.safeParse(body);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error, CaseSchema, ENTRY_FIELDS);
    return bad(line, `${locate(issue.path)}: ${issue.message}`);
  }
  try {
    checkCase(parsed.data);
  } catch (error) {
    if (error instanceof RulesError && 'errors' in error) {
      const first = (error.errors as { path: string; message: string }[])[0];
      return bad(
        line,
        first ? `${locate(first.path)}: ${maskIdNumbers(first.message)}` : 'is not a possible case',
      );
    }
    throw error;
  }
  let item: CaseSetItem = { line, input: parsed.data };
  if (ref !== undefined) {
    const r = RefSchema.safeParse(ref);
    if (!r.success) return bad(line, `${locate('ref')}: ${firstIssue(r.error, RefSchema).message}`);
    item = { ...item, ref: r.data };
  }
  if (recorded !== undefined) {
    const r = RecordedSchema.safeParse(recorded);
    if (!r.success) {
      const issue = firstIssue(r.error, RecordedSchema);
      return bad(line, `${locate(`recorded${issue.path ? `.${issue.path}` : ''}`)}: ${issue.message}`);
    }
    item = { ...item, recorded: r.data };
  }
  return { ok: true, item };
}

/** One JSON Lines line. Blank lines are skipped by the callers (they are not cases). */
export function parseJsonLine(text: string, line: number): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return bad(line, `the line ${notJsonMessage(error)}`);
  }
  return parseCaseEntry(value, line);
}
