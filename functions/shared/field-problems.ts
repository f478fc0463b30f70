/**
 * Field problems that never quote what was sent. A problem names where (the field path) and which
 * rule was broken; the caller's text stays out, because a body or a case-set line may hold an ID
 * number anywhere, even in a field name, and these messages end up in 400 answers, in reports and in
 * stored simulations.
 *
 * zod's own messages are safe except one: "Unrecognized key: "…"" quotes the unknown field's name,
 * which is the caller's text. An unknown field is named by its path instead (the path says where,
 * as for every other problem), and the message lists the fields the schema does allow. The messages
 * of our schemas and checks are fixed texts; as a last guard, anything shaped like an ID number in a
 * path or a message is masked.
 */
import type * as z from 'zod';
import { type FieldProblem, formatPath } from '../../rules/index.ts';
import { maskIdNumbers } from './id-like.ts';

interface Def {
  readonly type: string;
  readonly shape?: Record<string, unknown>;
  readonly innerType?: unknown;
  readonly element?: unknown;
  readonly in?: unknown;
  readonly valueType?: unknown;
  readonly getter?: () => unknown;
}

const defOf = (schema: unknown): Def | undefined =>
  (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);

/** The schema itself, through the wrappers that do not change what it accepts at this level. */
function unwrap(schema: unknown): unknown {
  let current = schema;
  for (let depth = 0; depth < 20; depth++) {
    const def = defOf(current);
    if (def && WRAPPERS.has(def.type)) current = def.innerType;
    else if (def?.type === 'pipe') current = def.in;
    else if (def?.type === 'lazy' && def.getter) current = def.getter();
    else return current;
  }
  return current;
}

/** The field names an object schema allows at `path`, when the path leads to one plain object schema. */
function allowedFields(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let node = unwrap(schema);
  for (const key of path) {
    const def = defOf(node);
    if (def?.type === 'object' && typeof key === 'string') node = def.shape?.[key];
    else if (def?.type === 'array' && typeof key === 'number') node = def.element;
    else if (def?.type === 'record') node = def.valueType;
    else return undefined;
    node = unwrap(node);
  }
  const def = defOf(node);
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

/**
 * The message of one issue, without the caller's text. `schema` (the one that was parsed) lets an
 * unknown field's message list the allowed ones; `extraFields` adds fields read beside it at the top.
 */
export function issueMessage(
  issue: z.core.$ZodIssue,
  schema?: z.ZodType,
  extraFields: readonly string[] = [],
): string {
  if (issue.code === 'unrecognized_keys') {
    const allowed = schema && allowedFields(schema, issue.path);
    const fields = allowed && (issue.path.length === 0 ? [...allowed, ...extraFields] : allowed);
    return `is not a field the contract defines${fields ? ` (allowed: ${fields.join(', ')})` : ''}`;
  }
  return maskIdNumbers(issue.message);
}

/** A zod error as field problems (contract paths, messages that quote nothing sent). */
export function fieldProblems(error: z.ZodError, schema?: z.ZodType): FieldProblem[] {
  return error.issues.flatMap((issue) =>
    // One problem per unknown field, at its own path (an ID-shaped name masked like any other).
    (issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path]).map(
      (path) => ({ path: maskIdNumbers(formatPath(path)), message: issueMessage(issue, schema) }),
    ),
  );
}

/**
 * Why a text is not JSON, without the parser's quote of it: V8 quotes the text it choked on ("Unexpected
 * token 'x', "…" is not valid JSON"), and that text may hold an ID number. Only a position is kept.
 */
export function notJsonMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const position = /at position (\d+)/.exec(message);
  if (position) return `is not valid JSON (error at character ${Number(position[1]) + 1})`;
  if (message.includes('end of JSON input')) return 'is not valid JSON (it ends too early)';
  return 'is not valid JSON';
}
