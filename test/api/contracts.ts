/**
 * The API contract in machine form, and what counts as breaking it. Two kinds of snapshot under
 * events/contracts/v1/, both generated from the code:
 * - a JSON Schema per route and direction (`<route>.request.json`, `.query.json`, `.path.json`,
 *   `.response.json`), from the zod schemas the handlers validate with, as the OpenAPI document
 *   publishes them (ruleset ids as the enum of published ones);
 * - `operations.json`: per operation of /openapi.json, its documented statuses with their media
 *   types and headers, its parameters, and whether it is public.
 * `npx tsx test/api/contracts.ts --write` rewrites them after an intended, additive change;
 * test/api/contract.test.ts fails on what `schemaBreaks` and `operationBreaks` report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { buildOpenApiDocument } from '../../functions/openapi/document.ts';
import { operations } from '../../functions/openapi/operations.ts';
import { getRegistry } from '../../functions/shared/registry.ts';

export const CONTRACTS_DIR = join(import.meta.dirname, '../../events/contracts/v1');
export const OPERATIONS_FILE = 'operations.json';

export type JsonSchema = Record<string, unknown>;

const publishedIds = () =>
  getRegistry()
    .list()
    .map((r) => r.id);

/** Routes whose answer is not a JSON contract: the pages and the document itself. */
const NOT_JSON = new Set(['openapi', 'caseworker-page', 'policy-page', 'screening-page']);

/** `<route>.request.json`, `<route>.query.json`, `<route>.path.json`, `<route>.response.json` → schema. */
export function currentContracts(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [name, s] of Object.entries(operations(publishedIds()))) {
    if (NOT_JSON.has(name)) continue;
    const json = (schema: z.ZodType, io: 'input' | 'output') =>
      z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
    if (s.body) out[`${name}.request.json`] = json(s.body, 'input');
    if (s.query) out[`${name}.query.json`] = json(s.query, 'input');
    if (s.path) out[`${name}.path.json`] = json(s.path, 'input');
    out[`${name}.response.json`] = json(s.success.schema, 'output');
  }
  return out;
}

/**
 * Every field path of a schema ("receipt.calculationId", "segments[].monthly") with what it may
 * hold: its JSON types, `const:` and `enum:` values, and whether it is `(required)` or `(optional)`.
 */
export function fieldPaths(schema: JsonSchema): Map<string, Set<string>> {
  const defs = (schema.$defs ?? {}) as Record<string, JsonSchema>;
  const paths = new Map<string, Set<string>>();
  const add = (path: string, types: string[]) => {
    const set = paths.get(path) ?? new Set<string>();
    for (const t of types) set.add(t);
    paths.set(path, set);
  };
  const walk = (node: JsonSchema | undefined, path: string, depth: number) => {
    if (!node || depth > 40) return;
    if (typeof node.$ref === 'string') {
      const name = node.$ref.replace(/^#\/\$defs\//, '');
      walk(defs[name], path, depth + 1);
      return;
    }
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
      for (const sub of (node[key] as JsonSchema[] | undefined) ?? []) walk(sub, path, depth + 1);
    }
    const type = node.type;
    if (type !== undefined) add(path, Array.isArray(type) ? (type as string[]) : [type as string]);
    if (node.const !== undefined) add(path, [`const:${JSON.stringify(node.const)}`]);
    if (Array.isArray(node.enum))
      add(
        path,
        node.enum.map((v) => `enum:${JSON.stringify(v)}`),
      );
    const props = (node.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((node.required as string[] | undefined) ?? []);
    for (const [key, sub] of Object.entries(props)) {
      const p = path ? `${path}.${key}` : key;
      add(p, required.has(key) ? ['(required)'] : ['(optional)']);
      walk(sub, p, depth + 1);
    }
    if (node.items && typeof node.items === 'object') walk(node.items as JsonSchema, `${path}[]`, depth + 1);
  };
  walk(schema, '', 0);
  return paths;
}

/**
 * What a schema change breaks, snapshot against now: a field gone, a type or a value (const, enum)
 * no longer accepted (requests) or produced (answers), an answer's field no longer always there, a
 * request's field now required. Added fields and values break nothing.
 */
export function schemaBreaks(file: string, before: JsonSchema, now: JsonSchema): string[] {
  const was = fieldPaths(before);
  const is = fieldPaths(now);
  const isAnswer = file.endsWith('.response.json');
  const verb = isAnswer ? 'produced' : 'accepted';
  const problems: string[] = [];
  for (const [path, types] of was) {
    const nowTypes = is.get(path);
    if (!nowTypes) {
      problems.push(`${path || '(root)'}: removed or renamed`);
      continue;
    }
    for (const t of types) {
      if (t === '(required)' || t === '(optional)' || nowTypes.has(t)) continue;
      const [kind, value] = t.includes(':') ? [t.slice(0, t.indexOf(':')), t.slice(t.indexOf(':') + 1)] : [];
      problems.push(
        kind ? `${path}: ${kind} value ${value} no longer ${verb}` : `${path}: type ${t} no longer ${verb}`,
      );
    }
    if (isAnswer && types.has('(required)') && !nowTypes.has('(required)')) {
      problems.push(`${path}: was always present in answers, now optional`);
    }
    if (!isAnswer && types.has('(optional)') && !nowTypes.has('(optional)')) {
      problems.push(`${path}: was optional in requests, now required`);
    }
  }
  return problems;
}

/** One operation of the document as operations.json keeps it. */
export interface OperationContract {
  readonly public: boolean;
  /** `in:name` → whether required. */
  readonly parameters: Record<string, boolean>;
  /** Status → its media types and headers. */
  readonly responses: Record<string, { readonly content: string[]; readonly headers: string[] }>;
}

interface OpenApiOperation {
  security?: unknown[];
  parameters?: { in: string; name: string; required?: boolean }[];
  responses?: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
}

/** "METHOD /path" → its contract, for every operation of an OpenAPI document. */
export function operationContracts(document: Record<string, unknown>): Record<string, OperationContract> {
  const out: Record<string, OperationContract> = {};
  const paths = document.paths as Record<string, Record<string, OpenApiOperation>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      out[`${method.toUpperCase()} ${path}`] = {
        public: Array.isArray(operation.security) && operation.security.length === 0,
        parameters: Object.fromEntries(
          (operation.parameters ?? []).map((p) => [`${p.in}:${p.name}`, p.required === true]),
        ),
        responses: Object.fromEntries(
          Object.entries(operation.responses ?? {}).map(([status, r]) => [
            status,
            { content: Object.keys(r.content ?? {}).sort(), headers: Object.keys(r.headers ?? {}).sort() },
          ]),
        ),
      };
    }
  }
  return out;
}

export function currentOperations(): Record<string, OperationContract> {
  return operationContracts(buildOpenApiDocument());
}

/**
 * What a change of the document breaks, snapshot against now: an operation gone, a public one now
 * needing a token, a parameter gone or now required, a documented status gone (a client written
 * against the document handles it), or a media type or header gone from a status.
 */
export function operationBreaks(
  before: Record<string, OperationContract>,
  now: Record<string, OperationContract>,
): string[] {
  const problems: string[] = [];
  for (const [key, was] of Object.entries(before)) {
    const is = now[key];
    if (!is) {
      problems.push(`${key}: removed`);
      continue;
    }
    if (was.public && !is.public) problems.push(`${key}: was public, now needs a token`);
    for (const [parameter, required] of Object.entries(was.parameters)) {
      if (!(parameter in is.parameters)) problems.push(`${key}: parameter ${parameter} removed`);
      else if (!required && is.parameters[parameter])
        problems.push(`${key}: parameter ${parameter} now required`);
    }
    for (const [status, response] of Object.entries(was.responses)) {
      const current = is.responses[status];
      if (!current) {
        problems.push(`${key}: response ${status} no longer documented`);
        continue;
      }
      for (const type of response.content) {
        if (!current.content.includes(type)) problems.push(`${key}: response ${status} no longer ${type}`);
      }
      for (const header of response.headers) {
        if (!current.headers.includes(header))
          problems.push(`${key}: response ${status} lost header ${header}`);
      }
    }
  }
  return problems;
}

if (process.argv.includes('--write')) {
  mkdirSync(CONTRACTS_DIR, { recursive: true });
  for (const [file, schema] of Object.entries(currentContracts())) {
    writeFileSync(join(CONTRACTS_DIR, file), `${JSON.stringify(schema, null, 2)}\n`);
  }
  writeFileSync(join(CONTRACTS_DIR, OPERATIONS_FILE), `${JSON.stringify(currentOperations(), null, 2)}\n`);
  process.stdout.write('contracts written to events/contracts/v1\n');
}
