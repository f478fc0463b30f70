/**
 * Contract stability (shared contract v1 is fixed: fields may be added, never renamed or removed).
 * The committed JSON Schema snapshots in events/contracts/v1 are compared with the schemas the code
 * validates with: a field of a snapshot that is gone, changed type, or became optional in an answer
 * fails; a request field that became required fails (old clients would break). New fields pass.
 * After an intended, additive change: `npx tsx test/api/contracts.ts --write`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRACTS_DIR, currentContracts, fieldPaths, type JsonSchema } from './contracts.ts';

const snapshots = readdirSync(CONTRACTS_DIR).filter((f) => f.endsWith('.json'));
const current = currentContracts();

describe.each(snapshots)('%s', (file) => {
  const before = fieldPaths(JSON.parse(readFileSync(join(CONTRACTS_DIR, file), 'utf8')) as JsonSchema);
  it('is still generated from the code', () => {
    expect(current[file]).toBeDefined();
  });
  it('keeps every field, with its type', () => {
    const now = fieldPaths(current[file] as JsonSchema);
    const problems: string[] = [];
    for (const [path, types] of before) {
      const nowTypes = now.get(path);
      if (!nowTypes) {
        problems.push(`${path || '(root)'}: removed or renamed`);
        continue;
      }
      for (const t of types) {
        if (t === '(required)' || t === '(optional)') continue;
        if (!nowTypes.has(t)) problems.push(`${path}: type ${t} no longer accepted/produced`);
      }
      const isAnswer = file.endsWith('.response.json');
      if (isAnswer && types.has('(required)') && !nowTypes.has('(required)')) {
        problems.push(`${path}: was always present in answers, now optional`);
      }
      if (!isAnswer && types.has('(optional)') && !nowTypes.has('(optional)')) {
        problems.push(`${path}: was optional in requests, now required`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the snapshots carry the fields the shared contract names', () => {
  const paths = (file: string) =>
    fieldPaths(JSON.parse(readFileSync(join(CONTRACTS_DIR, file), 'utf8')) as JsonSchema);
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
