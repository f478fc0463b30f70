/**
 * Case sets: historical cases for a replay. One case per line (JSON Lines) in the contract's request
 * shape, optionally with `ref` (the office's own pseudonymous file reference) and `recorded` (what was
 * actually decided then). A bad line is reported with its number and skipped; it never stops a run.
 */
import * as z from 'zod';
import { type Case, CaseSchema, checkCase, formatPath, MonthSchema, RulesError } from '../../rules/index.ts';

/** A signed money string: a recorded arrears total may be negative (an overpayment recovered). */
const SignedMoney = z.string().regex(/^-?\d{1,13}\.\d{2}$/, 'must be yuan with exactly two decimals');

export const RecordedSchema = z
  .strictObject({
    month: MonthSchema.optional().describe('the month the recorded monthly total was decided for'),
    total: SignedMoney.optional().describe('the monthly amount paid for `month` (default: the case month)'),
    arrears: SignedMoney.optional().describe('the back-pay total decided up to the case month'),
  })
  .refine((r) => r.total !== undefined || r.arrears !== undefined, {
    message: 'recorded needs a total, an arrears total or both',
  });
export type Recorded = z.infer<typeof RecordedSchema>;

const ID_NUMBER_LIKE = /\d{15}|\d{17}[\dXx]/;

const RefSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((r) => !ID_NUMBER_LIKE.test(r), 'must not be an ID number (refs appear in reports)');

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

/** Validates one case-set entry (already an object): the case plus the optional ref and recorded. */
export function parseCaseEntry(value: unknown, line: number): LineResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return bad(line, 'a line must hold one JSON object (a case)');
  }
  const { recorded, ref, ...body } = value as Record<string, unknown>;
  const parsed = CaseSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const more = parsed.error.issues.length > 1 ? ` (+${parsed.error.issues.length - 1} more)` : '';
    return bad(line, `${formatPath(issue.path) || '(case)'}: ${issue.message}${more}`);
  }
  try {
    checkCase(parsed.data);
  } catch (error) {
    if (error instanceof RulesError && 'errors' in error) {
      const first = (error.errors as { path: string; message: string }[])[0];
      return bad(line, first ? `${first.path}: ${first.message}` : error.message);
    }
    throw error;
  }
  let item: CaseSetItem = { line, input: parsed.data };
  if (ref !== undefined) {
    const r = RefSchema.safeParse(ref);
    if (!r.success) return bad(line, `ref: ${r.error.issues[0]?.message}`);
    item = { ...item, ref: r.data };
  }
  if (recorded !== undefined) {
    const r = RecordedSchema.safeParse(recorded);
    if (!r.success) {
      const issue = r.error.issues[0] as z.core.$ZodIssue;
      return bad(line, `recorded${issue.path.length ? `.${formatPath(issue.path)}` : ''}: ${issue.message}`);
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
    return bad(line, `not valid JSON: ${(error as Error).message}`);
  }
  return parseCaseEntry(value, line);
}
