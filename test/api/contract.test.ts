/**
 * Contract stability (shared contract v1 is fixed: fields may be added, never renamed or removed).
 * The committed snapshots in events/contracts/v1 (test/api/contracts.ts) are compared with what the
 * code generates now: a field that is gone, changed type, lost a value of its enum or const, or
 * became optional in an answer fails; a request field that became required fails (old clients would
 * break); an operation of /openapi.json that is gone, lost a documented status, a media type, a
 * header or a parameter, or now needs a token fails. New fields, values, statuses and routes pass.
 * After an intended, additive change: `npx tsx test/api/contracts.ts --write`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { buildOpenApiDocument } from '../../functions/openapi/document.ts';
import { operations } from '../../functions/openapi/operations.ts';
import { getRegistry } from '../../functions/shared/registry.ts';
import { type CaseSchema, STATUS_KINDS } from '../../rules/index.ts';
import {
  CONTRACTS_DIR,
  currentContracts,
  currentOperations,
  fieldPaths,
  type JsonSchema,
  OPERATIONS_FILE,
  type OperationContract,
  operationBreaks,
  operationContracts,
  schemaBreaks,
} from './contracts.ts';

const read = (file: string) => JSON.parse(readFileSync(join(CONTRACTS_DIR, file), 'utf8')) as unknown;
const snapshots = readdirSync(CONTRACTS_DIR).filter((f) => f.endsWith('.json') && f !== OPERATIONS_FILE);
const current = currentContracts();

describe.each(snapshots)('%s', (file) => {
  it('is still generated from the code', () => {
    expect(current[file]).toBeDefined();
  });
  it('keeps every field, with its types and values', () => {
    expect(schemaBreaks(file, read(file) as JsonSchema, current[file] as JsonSchema)).toEqual([]);
  });
});

describe('operations.json: every operation of /openapi.json', () => {
  const before = read(OPERATIONS_FILE) as Record<string, OperationContract>;
  it('keeps its documented statuses, media types, headers, parameters and access', () => {
    expect(operationBreaks(before, currentOperations())).toEqual([]);
  });
  it('has a snapshot for every route the document lists (regenerate after adding one)', () => {
    expect(Object.keys(currentOperations()).filter((key) => !(key in before))).toEqual([]);
  });
});

/** A copy of a schema with `value` taken out of every enum holding it. */
function withoutEnumValue(schema: JsonSchema, value: string): JsonSchema {
  return JSON.parse(JSON.stringify(schema), (key, v: unknown) =>
    key === 'enum' && Array.isArray(v) ? v.filter((item) => item !== value) : v,
  ) as JsonSchema;
}

describe('the checks catch what oasdiff would call breaking', () => {
  const file = 'entitlement.request.json';
  const copy = () => structuredClone(current[file]) as JsonSchema;

  it('a status kind removed from the case (the zod schema, mutated)', () => {
    const published = operations(
      getRegistry()
        .list()
        .map((r) => r.id),
    ).entitlement?.body as typeof CaseSchema;
    const person = published.shape.person;
    const status = person.shape.statuses.unwrap().element;
    const fewer = STATUS_KINDS.filter((kind) => kind !== 'student') as [string, ...string[]];
    const mutated = published.extend({
      person: person.extend({ statuses: z.array(status.extend({ kind: z.enum(fewer) })).optional() }),
    });
    const now = z.toJSONSchema(mutated, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    expect(schemaBreaks(file, current[file] as JsonSchema, now)).toEqual([
      'person.statuses[].kind: enum value "student" no longer accepted',
    ]);
  });

  it('a published ruleset id removed from the enum (the generated schema, mutated)', () => {
    const now = copy();
    const fields = (now.$defs as Record<string, JsonSchema>).Case?.properties as Record<string, JsonSchema>;
    fields.ruleset = { ...fields.ruleset, enum: ['2026.2'] };
    expect(schemaBreaks(file, current[file] as JsonSchema, now)).toEqual([
      'ruleset: enum value "2026.1" no longer accepted',
    ]);
  });

  it('an enum value no longer produced in an answer', () => {
    const answer = 'entitlement.response.json';
    const before = current[answer] as JsonSchema;
    expect(fieldPaths(before).get('components[].code')).toContain('enum:"account-pension"');
    const now = withoutEnumValue(before, 'account-pension');
    expect(schemaBreaks(answer, before, now)).toEqual([
      'components[].code: enum value "account-pension" no longer produced',
    ]);
  });

  it('a documented status removed from a route, and a header from a status', () => {
    const document = structuredClone(buildOpenApiDocument()) as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: object }> }>>;
    };
    const get = document.paths['/v1/calculations/{calculationId}']?.get;
    if (!get) throw new Error('no GET /v1/calculations/{calculationId}');
    delete get.responses['404'];
    delete get.responses['503']?.headers;
    expect(operationBreaks(currentOperations(), operationContracts(document))).toEqual([
      'GET /v1/calculations/{calculationId}: response 404 no longer documented',
      'GET /v1/calculations/{calculationId}: response 503 lost header Retry-After',
    ]);
  });

  it('a route removed, or a public one made to need a token', () => {
    const before = currentOperations();
    const now = structuredClone(before);
    delete now['POST /v1/simulations'];
    now['GET /openapi.json'] = { ...(now['GET /openapi.json'] as OperationContract), public: false };
    expect(operationBreaks(before, now).sort()).toEqual([
      'GET /openapi.json: was public, now needs a token',
      'POST /v1/simulations: removed',
    ]);
  });
});

describe('the snapshots carry the fields the shared contract names', () => {
  const paths = (file: string) => fieldPaths(read(file) as JsonSchema);
  const receipt = ['calculationId', 'ruleset', 'rulesetHash', 'inputHash', 'calculatedAt'].map(
    (k) => `receipt.${k}`,
  );
  const cases: [string, string[]][] = [
    [
      'entitlement.request.json',
      [
        'person.idNumber',
        'person.birthDate',
        'person.deathDate',
        'person.hukou[].area',
        'person.hukou[].from',
        'person.hukou[].to',
        'person.hukou[].restoredOn',
        'person.statuses[].kind',
        'person.contributions[].year',
        'person.contributions[].personal',
        'person.contributions[].governmentPaid',
        'person.contributions[].subsidy',
        'person.contributions[].makeUp',
        'person.accountBalance.amount',
        'person.accountBalance.asOf',
        'payments[].from',
        'payments[].to',
        'payments[].monthly',
        'month',
        'ruleset',
      ],
    ],
    [
      'eligibility.response.json',
      [
        'month',
        'enrolment.eligible',
        'enrolment.reasons[].code',
        'enrolment.reasons[].message',
        'enrolment.reasons[].citation',
        'benefit.eligible',
        'benefit.since',
        'benefit.reasons[].code',
        'governmentPaidPremium.year',
        'governmentPaidPremium.amount',
        'governmentPaidPremium.category',
        ...receipt,
      ],
    ],
    [
      'entitlement.response.json',
      [
        'month',
        'area',
        'eligible',
        'total',
        'components[].code',
        'components[].amount',
        'components[].parameters[].id',
        'components[].parameters[].value',
        'components[].parameters[].source',
        'components[].parameters[].provisional',
        'reasons[].code',
        'provisional',
        ...receipt,
      ],
    ],
    [
      'arrears.response.json',
      [
        'from',
        'to',
        'months',
        'due',
        'paid',
        'total',
        'segments[].from',
        'segments[].to',
        'segments[].months',
        'segments[].monthly',
        'segments[].amount',
        ...receipt,
      ],
    ],
    ['rulesets-list.response.json', ['rulesets[].id', 'rulesets[].hash', 'rulesets[].publishedAt']],
    ['ruleset-parameters.query.json', ['area', 'date']],
    [
      'ruleset-parameters.response.json',
      ['parameters[].id', 'parameters[].value', 'parameters[].source', 'parameters[].provisional'],
    ],
  ];
  it.each(cases)('%s', (file, expected) => {
    const have = paths(file);
    expect(expected.filter((p) => !have.has(p))).toEqual([]);
  });
  it('money is a string in every answer', () => {
    for (const file of ['entitlement.response.json', 'arrears.response.json']) {
      const have = paths(file);
      for (const p of ['total', 'due', 'paid', 'components[].amount', 'segments[].monthly']) {
        if (have.has(p)) expect(have.get(p)?.has('string')).toBe(true);
      }
    }
  });
});
