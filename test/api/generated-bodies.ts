/**
 * Request bodies generated from /openapi.json by an independent generator (json-schema-faker), and
 * checked by an independent validator (Ajv, JSON Schema 2020-12) against the same document, for
 * test/api/openapi-generated.test.ts.
 *
 * JSON Schema cannot compare one field with another (a hukou that starts before the birth, a `to`
 * before its `from`), so bodies straight from the document mostly stop at the engine's checks of
 * sense (422). `sensibleCaseSchema` and `makeSensible` make cases that get past them: the first
 * narrows a copy of the published Case (covered areas, adults born 1930–1969, events 2013–2025),
 * the second puts the generated values of each case in a possible order. Every body is still
 * validated against the published document before it is sent.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { generate } from 'json-schema-faker';
import { PUBLISHED_DATE_PATTERN, PUBLISHED_MONTH_PATTERN } from '../../rules/case.ts';
import { checkCharacter } from '../../rules/resident-id.ts';

export type Schema = Record<string, unknown>;
export interface OpenApi {
  readonly paths: Record<string, Record<string, OperationObject>>;
  readonly components: { readonly schemas: Record<string, Schema> };
}
interface OperationObject {
  readonly operationId: string;
  readonly requestBody?: { content?: Record<string, { schema?: Schema }> };
  readonly responses: Record<string, unknown>;
}

/** The JSON request body schema of each operation that takes one, as a standalone schema. */
export function jsonBodySchemas(document: OpenApi): Map<string, Schema> {
  const out = new Map<string, Schema>();
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      // The document's components ride along, so `#/components/schemas/…` resolves inside the root.
      if (schema) out.set(operation.operationId, { ...schema, components: document.components });
    }
  }
  return out;
}

/** A validator for a body schema of jsonBodySchemas: the errors, or [] for a valid body. */
export function validatorFor(schema: Schema): (body: unknown) => string[] {
  // `format` is an annotation in 2020-12; the document pairs every format with a pattern.
  const ajv = new Ajv2020({ allErrors: true, validateFormats: false, strictTypes: false });
  ajv.addVocabulary(['components', 'example']);
  const validate = ajv.compile(schema);
  return (body) =>
    validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

const MAX_TEXT = 4096;

/** A copy of a schema with every maxLength above MAX_TEXT lowered to it (a narrowing). */
function shortText(schema: Schema): Schema {
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) =>
    key === 'maxLength' && typeof value === 'number' && value > MAX_TEXT ? MAX_TEXT : value,
  ) as Schema;
}

/**
 * `count` bodies of a schema, deterministic in `seed`. Arrays of at most 4 items and free text of at
 * most 4 KiB (the schema allows 100 registrations and 900 000 characters of case set, and the
 * generator draws a string's length before it applies its own cap, at ~0.25 s for each long one):
 * the limits are the schema's business, the bodies are for what lies within them.
 */
export async function generateBodies(schema: Schema, count: number, seed: number): Promise<unknown[]> {
  const narrowed = shortText(schema);
  const bodies: unknown[] = [];
  for (let i = 0; i < count; i++) {
    bodies.push(await generate(narrowed, { seed: seed + i, maxItems: 4, optionalsProbability: 0.5 }));
  }
  return bodies;
}

const BIRTH_DATE = '^19[3-6]\\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\\d|2[0-8])$';
const EVENT_DATE = '^20(?:1[3-9]|2[0-5])-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\\d|2[0-8])$';
const EVENT_MONTH = '^20(?:1[3-9]|2[0-5])-(?:0[1-9]|1[0-2])$';

/**
 * A copy of a Case body schema narrowed to cases the rulesets answer: areas the latest ruleset
 * covers, births 1930–1969 (days up to the 28th), every other date and month 2013–2025. Each is a
 * subset of what the document allows; Ajv checks the bodies against the document itself.
 */
export function sensibleCaseSchema(schema: Schema, coveredAreas: readonly string[]): Schema {
  const copy = structuredClone(schema) as Schema & { components: { schemas: Record<string, Schema> } };
  const narrow = (node: unknown, key: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) narrow(item, key);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const schemaNode = node as Schema;
    if (schemaNode.pattern === PUBLISHED_DATE_PATTERN) {
      schemaNode.pattern = key === 'birthDate' ? BIRTH_DATE : EVENT_DATE;
    }
    if (schemaNode.pattern === PUBLISHED_MONTH_PATTERN) schemaNode.pattern = EVENT_MONTH;
    if (key === 'area' && schemaNode.type === 'string') schemaNode.enum = [...coveredAreas];
    if (key === 'year' && schemaNode.type === 'integer')
      Object.assign(schemaNode, { minimum: 2013, maximum: 2025 });
    for (const [k, v] of Object.entries(schemaNode)) {
      if (k === 'properties' && v && typeof v === 'object') {
        for (const [name, sub] of Object.entries(v)) narrow(sub, name);
      } else if (k !== 'components') narrow(v, key);
    }
  };
  narrow(copy.components.schemas.Case, '');
  return copy;
}

interface Period {
  from: string;
  to?: string;
  restoredOn?: string;
}

/** from ≤ restoredOn, from < to, from the same values: the earliest starts it, the latest (if later) ends it. */
function ordered<T extends Period>(period: T): T {
  const dates = [period.from, period.restoredOn, period.to]
    .filter((d): d is string => d !== undefined)
    .sort();
  const { to, restoredOn, ...rest } = period;
  const out = { ...rest, from: dates[0] as string } as T;
  if (restoredOn !== undefined) out.restoredOn = dates[1] as string;
  const last = dates[dates.length - 1] as string;
  if (to !== undefined && last > out.from) out.to = last;
  return out;
}

interface GeneratedCase {
  person: {
    idNumber?: string;
    birthDate: string;
    hukou: (Period & { area: string })[];
    statuses?: (Period & { kind: string; class?: number })[];
  };
  payments?: { from: string; to: string; monthly: string }[];
}

/**
 * Puts a generated case's values in a possible order (the checks of rules/case.ts `checkCase`):
 * each period's dates in order, registrations one after another, the 低保 class only on a 低保
 * status, payments from ≤ to, and an ID number whose birth date and check character fit.
 */
export function makeSensible(body: unknown): unknown {
  const input = structuredClone(body) as GeneratedCase;
  const { person } = input;
  const hukou = person.hukou
    .map(ordered)
    .sort((a, b) => a.from.localeCompare(b.from))
    .filter((h, i, all) => i === 0 || h.from !== all[i - 1]?.from);
  hukou.forEach((h, i) => {
    const next = hukou[i + 1];
    // One hukou at a time: a registration still open, or open past the next one, ends when it starts.
    if (next && (h.to === undefined || h.to > next.from)) h.to = next.from;
  });
  person.hukou = hukou;
  if (person.statuses) {
    person.statuses = person.statuses.map(ordered).map((s) => {
      if (s.kind !== 'minimum-living-allowance') delete s.class;
      return s;
    });
  }
  if (input.payments) {
    input.payments = input.payments.map((p) => (p.to < p.from ? { ...p, from: p.to, to: p.from } : p));
  }
  if (person.idNumber !== undefined) {
    const body17 = `${person.idNumber.slice(0, 6)}${person.birthDate.replaceAll('-', '')}${person.idNumber.slice(14, 17)}`;
    person.idNumber = `${body17}${checkCharacter(body17)}`;
  }
  return input;
}

/** Counts of answers by status, and by problem type within a status. */
export class Tally {
  readonly byStatus = new Map<number, number>();
  readonly byProblem = new Map<string, number>();

  add(status: number, body: unknown): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    const type = (body as { type?: unknown } | undefined)?.type;
    if (status >= 400 && typeof type === 'string') {
      const key = `${status} ${type.replace(/^.*\//, '')}`;
      this.byProblem.set(key, (this.byProblem.get(key) ?? 0) + 1);
    }
  }

  count(status: number): number {
    return this.byStatus.get(status) ?? 0;
  }

  toString(): string {
    const statuses = [...this.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    const problems = [...this.byProblem].sort().map(([p, n]) => `${p}×${n}`);
    return `${statuses.join(' ')}${problems.length ? ` (${problems.join(', ')})` : ''}`;
  }
}
