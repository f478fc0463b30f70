/**
 * The API contract in machine form: a JSON Schema per route and direction, generated from the zod
 * schemas the handlers validate with. `npx tsx test/api/contracts.ts --write` writes the snapshots to
 * events/contracts/v1/; test/api/contract.test.ts fails when a snapshotted field disappears.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { ROUTE_SCHEMAS } from '../../functions/openapi/document.ts';

export const CONTRACTS_DIR = join(import.meta.dirname, '../../events/contracts/v1');

export type JsonSchema = Record<string, unknown>;

/** `<route>.request.json`, `<route>.query.json`, `<route>.response.json` → schema. */
export function currentContracts(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [name, s] of Object.entries(ROUTE_SCHEMAS)) {
    if (name === 'openapi' || name === 'caseworker-page') continue;
    const json = (schema: z.ZodType, io: 'input' | 'output') =>
      z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
    if (s.body) out[`${name}.request.json`] = json(s.body, 'input');
    if (s.query) out[`${name}.query.json`] = json(s.query, 'input');
    if (s.path) out[`${name}.path.json`] = json(s.path, 'input');
    out[`${name}.response.json`] = json(s.response, 'output');
  }
  return out;
}

/** Every field path of a schema ("receipt.calculationId", "segments[].monthly") with its JSON types. */
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

if (process.argv.includes('--write')) {
  mkdirSync(CONTRACTS_DIR, { recursive: true });
  for (const [file, schema] of Object.entries(currentContracts())) {
    writeFileSync(join(CONTRACTS_DIR, file), `${JSON.stringify(schema, null, 2)}\n`);
  }
  process.stdout.write(`contracts written to ${CONTRACTS_DIR}\n`);
}
