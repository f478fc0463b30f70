/**
 * Drafts: a proposed change on top of a published ruleset, in the same parameter format, holding only
 * what changes. Applying a draft to its base's content gives a candidate ruleset, validated exactly as
 * a published one is (Ruleset.build), so a bad draft is refused before anybody replays or publishes it.
 * Pure: the caller reads the files and passes the date a candidate would be published on.
 */
import * as z from 'zod';
import { compareDates, isCalendarDate } from './calendar.ts';
import { canonicalJson } from './canonical-json.ts';
import { RulesetValidationError } from './errors.ts';
import { type Fen, formatMoney, parseMoney } from './money.ts';
import {
  AreaKeySchema,
  PARAMETER_TYPES,
  type ParameterFile,
  ParameterValueSchema,
  SourceSchema,
} from './parameter-schema.ts';
import { Ruleset } from './ruleset.ts';

const RulesetId = z.string().regex(/^\d{4}\.\d{1,4}$/, 'must be a ruleset id YYYY.N');

/**
 * The size of a draft a policy office writes by hand, with room to spare: a whole ruleset's parameters
 * restated (2026.2 has 36 changes of at most 9 values). They keep a stored draft well inside a
 * DynamoDB item (400 KB), and the messages name them.
 */
const DRAFT_LIMITS = { changes: 500, valuesPerChange: 200, text: 4_000, goldenUpdates: 100 } as const;
const Text = z.string().min(1).max(DRAFT_LIMITS.text, `must be at most ${DRAFT_LIMITS.text} characters`);
const DateString = z.string().refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD');

/**
 * A parameter's own fields. For a parameter the base lacks, label, description, unit and type make
 * it; for one it has, any of label, description, unit and options replace the base's (a type never
 * changes: that is a new parameter).
 */
const DefinitionSchema = z.strictObject({
  label: Text.optional(),
  description: Text.optional(),
  unit: Text.optional(),
  type: z.enum(PARAMETER_TYPES).optional(),
  options: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
});

/**
 * "Raise by N yuan from DATE": the value of the layer in effect on `from` plus `by` (negative to
 * lower it), added as a value from that day with its own source, as policy offices word a change.
 */
const RaiseSchema = z.strictObject({
  from: DateString,
  by: z.string().regex(/^-?\d+\.\d{2}$/, 'must be a money string like "20.00"'),
  source: SourceSchema,
  provisional: z.boolean(),
  reason: Text.optional(),
});
type Raise = z.infer<typeof RaiseSchema>;

const DraftChangeSchema = z
  .strictObject({
    parameter: z
      .string()
      .min(1)
      .describe('the id of a parameter of the base ruleset, or of one `define` adds'),
    define: DefinitionSchema.optional().describe(
      "a new parameter's fields, or new wording for an existing one",
    ),
    area: AreaKeySchema.describe('"national" or a 6-digit area code: the layer changed'),
    removeFrom: DateString.optional().describe(
      'drop the values of this layer dated on or after this day before adding `values`',
    ),
    values: z
      .array(ParameterValueSchema)
      .max(DRAFT_LIMITS.valuesPerChange, `at most ${DRAFT_LIMITS.valuesPerChange} values in one change`)
      .default([])
      .describe('dated values added to the layer; one on the date of an existing value replaces it'),
    raise: RaiseSchema.optional().describe(
      'raise the amount in effect on `from` by `by` yuan from that day (a value the office need not restate)',
    ),
    note: Text.optional().describe('why the change is proposed'),
  })
  .refine(
    (c) =>
      c.values.length > 0 || c.raise !== undefined || c.removeFrom !== undefined || c.define !== undefined,
    {
      message:
        'a change defines a parameter, adds values, raises one (raise), removes values (removeFrom), or several of these',
    },
  );
type DraftChange = z.infer<typeof DraftChangeSchema>;

const DraftSchema = z.strictObject({
  base: RulesetId.describe('the published ruleset the draft changes'),
  id: RulesetId.optional().describe('the id proposed for publishing; default: the next free one'),
  description: Text.optional(),
  goldenUpdates: z
    .array(z.string().min(1).max(200))
    .max(DRAFT_LIMITS.goldenUpdates)
    .default([])
    .describe('golden files (test/golden/…) whose unpinned cases this draft intentionally changes'),
  changes: z
    .array(DraftChangeSchema)
    .max(DRAFT_LIMITS.changes, `at most ${DRAFT_LIMITS.changes} changes in one draft`)
    .default([]),
});
export type Draft = z.infer<typeof DraftSchema>;

/** Raised for a draft that is malformed or that would make an invalid ruleset; each problem names its change. */
export class DraftValidationError extends RulesetValidationError {}

function zodProblemText(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(draft)'}: ${i.message}`);
}

/** Validates a draft's shape (the object parsed from its YAML or JSON). */
export function parseDraft(raw: unknown): Draft {
  const parsed = DraftSchema.safeParse(raw);
  if (!parsed.success) throw new DraftValidationError(zodProblemText(parsed.error), 'draft');
  return parsed.data;
}

export interface CandidateOptions {
  /** The candidate's id (default: the draft's `id`, else `draft`-free id given by the caller). */
  readonly id: string;
  /** The day it would be published (the adapter reads the clock; rules/ never does). */
  readonly publishedAt: string;
  readonly description?: string;
}

function changeLabel(index: number, change: DraftChange): string {
  return `changes[${index}] (${change.parameter} @ ${change.area})`;
}

/**
 * Applies a draft to its base's content: a new content object (the base is not touched) with the
 * manifest of the candidate (id, publishedAt, basedOn the base). Throws DraftValidationError naming the
 * change at fault.
 */
export function applyDraft(base: Ruleset, draft: Draft, options: CandidateOptions): Ruleset {
  const problems: string[] = [];
  if (draft.base !== base.id) problems.push(`base: the draft is based on ${draft.base}, not ${base.id}`);
  const byId = new Map<string, ParameterFile>(
    base.content.parameters.map((p) => [p.id, structuredClone(p) as ParameterFile]),
  );
  const touchedBy = new Map<string, number[]>();
  draft.changes.forEach((change, index) => {
    const label = changeLabel(index, change);
    const parameter = defineParameter(byId, base.id, change, label, problems);
    if (!parameter) return;
    touchedBy.set(change.parameter, [...(touchedBy.get(change.parameter) ?? []), index]);
    const existing = parameter.values[change.area] ?? [];
    if (change.removeFrom !== undefined && existing.length === 0) {
      problems.push(`${label}: removeFrom: the parameter has no values for ${change.area}`);
    }
    const kept = existing.filter(
      (v) => change.removeFrom === undefined || compareDates(v.from, change.removeFrom) < 0,
    );
    const raised = change.raise ? raisedValue(existing, change.raise, label, problems) : undefined;
    const values = raised ? [...change.values, raised] : change.values;
    const dates = new Set<string>();
    for (const value of values) {
      if (dates.has(value.from)) problems.push(`${label}: two values from ${value.from}`);
      dates.add(value.from);
    }
    const merged = [...kept.filter((v) => !dates.has(v.from)), ...values].sort((a, b) =>
      compareDates(a.from, b.from),
    );
    if (merged.length === 0) delete parameter.values[change.area];
    else parameter.values[change.area] = merged;
  });
  if (problems.length > 0) throw new DraftValidationError(problems, 'draft');

  const manifest = {
    ...base.content.manifest,
    id: options.id,
    publishedAt: options.publishedAt,
    description: options.description ?? draft.description ?? base.content.manifest.description,
    basedOn: base.id,
  };
  const parameters = [...byId.values()].map((content) => {
    const changes = touchedBy.get(content.id);
    // Name a changed parameter by its changes, so a validation problem says which change caused it.
    const file = changes
      ? `changes[${changes.join(',')}] (${content.id})`
      : `parameters/${content.id.replace('.', '/')}.yaml`;
    return { file, content };
  });
  try {
    return Ruleset.build(
      { manifest, areas: base.content.areas, reasons: base.content.reasons, parameters },
      { verifyHash: false },
    );
  } catch (error) {
    if (error instanceof RulesetValidationError) throw new DraftValidationError(error.problems, 'draft');
    throw error;
  }
}

/** The value a `raise` adds: the layer's amount in effect on its day plus `by`; undefined after a problem. */
function raisedValue(
  existing: ParameterFile['values'][string],
  raise: Raise,
  label: string,
  problems: string[],
): ParameterFile['values'][string][number] | undefined {
  const inEffect = existing.filter((v) => compareDates(v.from, raise.from) <= 0).at(-1);
  if (!inEffect) {
    problems.push(`${label}: raise: no base value on ${raise.from}`);
    return undefined;
  }
  if (typeof inEffect.value !== 'string' || !/^\d+\.\d{2}$/.test(inEffect.value)) {
    problems.push(`${label}: raise: the base value on ${raise.from} is not an amount`);
    return undefined;
  }
  const fen = parseMoney(inEffect.value) + parseMoney(raise.by);
  if (fen < 0) {
    problems.push(`${label}: raise: ${inEffect.value} ${raise.by} would be negative`);
    return undefined;
  }
  const { by: _by, ...rest } = raise;
  return { ...rest, value: formatMoney(fen as Fen) };
}

/** The parameter a change applies to, made or reworded by its `define`; undefined after a problem. */
function defineParameter(
  byId: Map<string, ParameterFile>,
  baseId: string,
  change: DraftChange,
  label: string,
  problems: string[],
): ParameterFile | undefined {
  const existing = byId.get(change.parameter);
  const define = change.define;
  if (!existing) {
    if (define === undefined) {
      problems.push(
        `${label}: ruleset ${baseId} has no parameter ${change.parameter} (a new one needs define)`,
      );
      return undefined;
    }
    const { label: name, description, unit, type, options } = define;
    if (name === undefined || description === undefined || unit === undefined || type === undefined) {
      problems.push(`${label}: define: a new parameter needs label, description, unit and type`);
      return undefined;
    }
    const made = {
      id: change.parameter,
      label: name,
      description,
      unit,
      type,
      ...(options !== undefined ? { options } : {}),
      values: {},
    } as ParameterFile;
    byId.set(change.parameter, made);
    return made;
  }
  if (define?.type !== undefined && define.type !== existing.type) {
    problems.push(`${label}: define.type: ${change.parameter} is ${existing.type}; a type never changes`);
    return undefined;
  }
  if (define?.label !== undefined) existing.label = define.label;
  if (define?.description !== undefined) existing.description = define.description;
  if (define?.unit !== undefined) existing.unit = define.unit;
  if (define?.options !== undefined) existing.options = define.options;
  return existing;
}

/** One value of one layer in a diff. */
interface DiffValue {
  readonly from: string;
  readonly value: unknown;
  readonly provisional: boolean;
  readonly source: unknown;
  readonly reason?: string;
}

/** What changed in one layer (area) of one parameter. */
export interface ParameterDiff {
  readonly parameter: string;
  readonly label: string;
  readonly unit: string;
  readonly area: string;
  /** Values only the candidate has (new dates, or a date whose value, source or flags changed). */
  readonly added: readonly DiffValue[];
  /** Values only the base has. */
  readonly removed: readonly DiffValue[];
}

function diffValue(v: ParameterFile['values'][string][number]): DiffValue {
  return {
    from: v.from,
    value: v.value,
    provisional: v.provisional,
    source: v.source,
    ...(v.reason !== undefined ? { reason: v.reason } : {}),
  };
}

/**
 * The candidate's changes against the base, parameter by parameter and layer by layer, in parameter
 * id then area order. An unchanged candidate gives an empty list.
 */
export function diffRulesets(base: Ruleset, candidate: Ruleset): ParameterDiff[] {
  const before = new Map(base.content.parameters.map((p) => [p.id, p]));
  const after = new Map(candidate.content.parameters.map((p) => [p.id, p]));
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
  const diffs: ParameterDiff[] = [];
  for (const id of ids) {
    const b = before.get(id);
    const a = after.get(id);
    const file = (a ?? b) as ParameterFile;
    const areas = [...new Set([...Object.keys(b?.values ?? {}), ...Object.keys(a?.values ?? {})])].sort(
      (x, y) => (x === 'national' ? -1 : y === 'national' ? 1 : x < y ? -1 : 1),
    );
    for (const area of areas) {
      const bv = b?.values[area] ?? [];
      const av = a?.values[area] ?? [];
      const key = (v: (typeof bv)[number]) => canonicalJson(v);
      const bKeys = new Set(bv.map(key));
      const aKeys = new Set(av.map(key));
      const added = av.filter((v) => !bKeys.has(key(v))).map(diffValue);
      const removed = bv.filter((v) => !aKeys.has(key(v))).map(diffValue);
      if (added.length > 0 || removed.length > 0) {
        diffs.push({ parameter: id, label: file.label, unit: file.unit, area, added, removed });
      }
    }
  }
  return diffs;
}

/** A diff as plain text lines, for the CLI. */
export function formatDiff(diffs: readonly ParameterDiff[]): string[] {
  if (diffs.length === 0) return ['(no parameter changes)'];
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  return diffs.flatMap((d) => [
    `${d.parameter} (${d.label}) @ ${d.area}`,
    ...d.removed.map((v) => `  - from ${v.from}: ${show(v.value)}${v.provisional ? ' (provisional)' : ''}`),
    ...d.added.map((v) => `  + from ${v.from}: ${show(v.value)}${v.provisional ? ' (provisional)' : ''}`),
  ]);
}
