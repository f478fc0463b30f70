/**
 * Fuzzing the calculation endpoints (middy's practice: ≥ 10 000 fast-check runs per endpoint, which
 * `npm run fuzz` runs; `npm test` runs 2 500 from the same seed; the property is "always a valid HTTP
 * answer"): arbitrary JSON, arbitrary text and content types, and
 * near-valid cases with mutated fields, through the real handler on in-memory dynalite. No input
 * may produce a 5xx, every error is problem+json, and no ID number is echoed back.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUS_KINDS } from '../../rules/index.ts';
import { ID_NUMBER_PATTERN, installLogScan, invoke, loadEvent, useTestStore } from './support.ts';

installLogScan();

const RUNS = Number(process.env.FUZZ_RUNS ?? 2_500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);

useTestStore();

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const date = fc
  .record({
    y: fc.integer({ min: 1870, max: 2110 }),
    m: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
  })
  .map(({ y, m, d }) => `${y}-${pad(m, 2)}-${pad(d, 2)}`);
const month = fc
  .record({ y: fc.integer({ min: 1870, max: 2110 }), m: fc.integer({ min: 0, max: 13 }) })
  .map(({ y, m }) => `${y}-${pad(m, 2)}`);
const money = fc.oneof(
  fc
    .integer({ min: -1000, max: 10_000_000 })
    .map((f) => `${Math.trunc(f / 100)}.${pad(Math.abs(f % 100), 2)}`),
  fc.string({ maxLength: 12 }),
  fc.double(),
);
const area = fc.constantFrom(
  '620000',
  '620500',
  '620502',
  '620602',
  '620722',
  '621126',
  '621124',
  '620503',
  '110101',
  '62',
  '999999',
);
const period = fc.record(
  { from: date, to: date, restoredOn: date, area },
  { requiredKeys: ['from', 'area'] },
);
const idNumber = fc.oneof(
  fc.constantFrom('620502194001101238', '11010519491231002X', '620502194001101239', '62050219400110123'),
  fc.stringMatching(/^\d{17}[\dX]$/),
  fc.string({ maxLength: 40 }),
);

/** Near-valid cases: the contract's shape with values drawn wide, so the engine is reached. */
const caseLike = fc.record(
  {
    person: fc.record(
      {
        idNumber,
        birthDate: date,
        deathDate: date,
        hukou: fc.array(period, { maxLength: 4 }),
        statuses: fc.array(
          fc.record(
            { kind: fc.constantFrom(...STATUS_KINDS, 'nope'), from: date, to: date },
            { requiredKeys: ['kind', 'from'] },
          ),
          { maxLength: 4 },
        ),
        contributions: fc.array(
          fc.record(
            {
              year: fc.integer({ min: 1860, max: 2120 }),
              personal: money,
              governmentPaid: money,
              subsidy: money,
              makeUp: fc.boolean(),
            },
            { requiredKeys: ['year', 'personal'] },
          ),
          { maxLength: 5 },
        ),
        accountBalance: fc.record({ amount: money, asOf: date }),
      },
      { requiredKeys: ['birthDate', 'hukou'] },
    ),
    payments: fc.array(fc.record({ from: month, to: month, monthly: money }), { maxLength: 4 }),
    month,
    ruleset: fc.constantFrom('2026.1', '2025.1', 'x', '2026.01'),
  },
  { requiredKeys: ['person', 'month'] },
);

/** Mostly-valid cases (dates in range, covered areas), so that many reach the engine and storage. */
const plausible = fc
  .record({
    born: fc.integer({ min: 1920, max: 2010 }),
    bm: fc.integer({ min: 1, max: 12 }),
    bd: fc.integer({ min: 1, max: 28 }),
    area: fc.constantFrom('620502', '620602', '620722', '621126', '621124', '620503', '620500'),
    year: fc.integer({ min: 2009, max: 2030 }),
    m: fc.integer({ min: 1, max: 12 }),
    restored: fc.option(fc.integer({ min: 2009, max: 2026 })),
    kind: fc.option(fc.constantFrom(...STATUS_KINDS)),
    paid: fc.option(fc.integer({ min: 0, max: 50_000 })),
  })
  .map((p) => {
    const birthDate = `${p.born}-${pad(p.bm, 2)}-${pad(p.bd, 2)}`;
    return {
      person: {
        birthDate,
        hukou: [
          { area: p.area, from: birthDate, ...(p.restored ? { restoredOn: `${p.restored}-01-01` } : {}) },
        ],
        ...(p.kind ? { statuses: [{ kind: p.kind, from: `${Math.max(p.born, 2010)}-01-01` }] } : {}),
      },
      month: `${p.year}-${pad(p.m, 2)}`,
      ...(p.paid !== null
        ? {
            payments: [
              {
                from: '2015-01',
                to: '2016-12',
                monthly: `${Math.trunc(p.paid / 100)}.${pad(p.paid % 100, 2)}`,
              },
            ],
          }
        : {}),
    };
  });

const body = fc.oneof(
  { weight: 3, arbitrary: caseLike.map((c) => JSON.stringify(c)) },
  { weight: 3, arbitrary: plausible.map((c) => JSON.stringify(c)) },
  { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.anything().map((v) => JSON.stringify(v) ?? '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);
const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'text/plain',
      'application/problem+json',
      '',
      'application/xml',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

describe.each(['eligibility', 'entitlement', 'arrears'] as const)('%s', (route) => {
  it(`answers ${RUNS} arbitrary bodies with a 2xx or a 4xx, never a 5xx`, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, contentType, fc.boolean(), async (text, type, base64) => {
        const event = loadEvent(route, 'good');
        event.headers['content-type'] = type;
        event.body = base64 ? Buffer.from(text).toString('base64') : text;
        event.isBase64Encoded = base64;
        const answer = await invoke(route, event);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status >= 500 || answer.status < 200)
          throw new Error(`status ${answer.status}: ${answer.text}`);
        if (answer.status >= 400) expect(answer.headers['content-type']).toBe('application/problem+json');
        expect(answer.text).not.toMatch(ID_NUMBER_PATTERN);
        const sent = /"idNumber":"(\d{15,17}[\dXx]?)"/.exec(text)?.[1];
        if (sent) expect(answer.text).not.toContain(sent);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The fuzz must reach the engine and storage, not only the validator.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(RUNS / 20);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(RUNS / 20);
  }, 240_000);
});
