/**
 * The fast path of a zod schema may answer "not sure" as often as it likes, but whatever it accepts
 * zod must accept too, with the same output, key order included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { canonicalHash, canonicalHashWith } from '../../rules/canonical-json.ts';
import { CaseSchema, shapeCase } from '../../rules/index.ts';
import { canonicalWalker, fastPath } from '../../rules/schema-fast-path.ts';
import { CaseGenerator } from '../bench/generate-cases.ts';
import { arbCase } from '../property/arbitraries.ts';
import { ruleset2026_1 } from './helpers.ts';

const fastCase = fastPath(CaseSchema);

/** Zod's verdict and output (as JSON, so key order counts), beside the fast path's. */
function verdicts(body: unknown) {
  const zod = CaseSchema.safeParse(body);
  const fast = fastCase(body);
  return {
    zod: zod.success ? JSON.stringify(zod.data) : undefined,
    fast: fast === undefined ? undefined : JSON.stringify(fast),
  };
}

const generated = (kind: 'entitlement' | 'arrears', n: number) => {
  const generator = new CaseGenerator(7, kind, [
    ...ruleset2026_1()
      .coveredAreas()
      .map((a) => a.code),
  ]);
  return Array.from({ length: n }, () => JSON.parse(JSON.stringify(generator.next())) as unknown);
};

/** A copy of `value` with its keys, at every depth, in another order. */
function reordered(value: unknown, pick: (n: number) => number): unknown {
  if (Array.isArray(value)) return value.map((item) => reordered(item, pick));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const out: Record<string, unknown> = {};
  while (entries.length > 0) {
    const [key, item] = entries.splice(pick(entries.length), 1)[0] as [string, unknown];
    out[key] = reordered(item, pick);
  }
  return out;
}

/** Every object and array inside `value`, with the place it sits in. */
function places(
  value: unknown,
  out: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [],
) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push({ parent: value, key: i });
      places(item, out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push({ parent: value as Record<string, unknown>, key });
      places(item, out);
    }
  }
  return out;
}

describe('fastPath', () => {
  it('accepts every generated case and gives exactly what zod gives', () => {
    for (const body of [...generated('entitlement', 3000), ...generated('arrears', 3000)]) {
      const { zod, fast } = verdicts(body);
      expect(zod).toBeDefined();
      expect(fast).toBe(zod);
    }
    fc.assert(
      fc.property(arbCase(ruleset2026_1(), { payments: true }), (input) => {
        const { zod, fast } = verdicts(JSON.parse(JSON.stringify(input)));
        expect(fast).toBe(zod);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the schema order of keys whatever the order of the input', () => {
    const bodies = generated('arrears', 200);
    fc.assert(
      fc.property(fc.nat(199), fc.infiniteStream(fc.nat()), (i, stream) => {
        const body = bodies[i];
        const numbers = stream[Symbol.iterator]();
        const shuffled = reordered(body, (n) => (numbers.next().value as number) % n);
        expect(verdicts(shuffled).fast).toBe(verdicts(body).zod);
      }),
      { numRuns: 200 },
    );
  });

  it('never accepts what zod refuses, nor gives other output, for broken cases', () => {
    const bodies = generated('arrears', 500);
    const change = fc.oneof(
      fc.record({ kind: fc.constant('replace' as const), value: fc.jsonValue() }),
      fc.record({ kind: fc.constant('remove' as const) }),
      fc.record({ kind: fc.constant('undefined' as const) }),
      fc.record({
        kind: fc.constant('add' as const),
        key: fc.string({ maxLength: 12 }),
        value: fc.jsonValue(),
      }),
      fc.record({
        kind: fc.constant('near' as const),
        value: fc.constantFrom(
          '2020-02-30',
          '1879-12-31',
          '2101-01',
          '2020-13',
          '100.0',
          '-1.00',
          '１００.００',
          '62050',
          '6205021',
          '2026-1',
          1879,
          2020.5,
          Number.NaN,
          '',
          [],
          {},
          null,
        ),
      }),
    );
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        fc.nat(499),
        fc.array(fc.tuple(fc.nat(), change), { minLength: 1, maxLength: 3 }),
        (i, changes) => {
          const body = JSON.parse(JSON.stringify(bodies[i])) as Record<string, unknown>;
          for (const [at, c] of changes) {
            const all = places(body);
            if (all.length === 0) break;
            const { parent, key } = all[at % all.length] as (typeof all)[number];
            const record = parent as Record<string | number, unknown>;
            if (c.kind === 'replace' || c.kind === 'near') record[key] = c.value;
            else if (c.kind === 'undefined') record[key] = undefined;
            else if (c.kind === 'add' && !Array.isArray(parent)) record[c.key] = c.value;
            else if (c.kind === 'remove' && !Array.isArray(parent)) delete record[key];
          }
          const { zod, fast } = verdicts(body);
          if (fast !== undefined) {
            accepted++;
            expect(zod).toBe(fast);
          } else refused++;
          // Whatever the fast path says, the case is shaped as zod shapes it, or refused as zod refuses it.
          let shaped: string | undefined;
          try {
            shaped = JSON.stringify(shapeCase(body));
          } catch {
            shaped = undefined;
          }
          expect(shaped).toBe(zod);
        },
      ),
      { numRuns: 5000 },
    );
    // Both kinds of outcome were met: the property was not vacuous.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('leaves to zod what JSON cannot say but an object can', () => {
    const [body] = generated('entitlement', 1) as [Record<string, unknown>];
    const inherited = Object.assign(Object.create({ month: '2020-05' }), { person: body.person });
    const hidden = { ...body };
    Object.defineProperty(hidden, 'extra', { value: 1, enumerable: false });
    const polluted = JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(body).slice(1)}`);
    for (const odd of [inherited, hidden, polluted, { ...body, month: undefined }]) {
      const { zod, fast } = verdicts(odd);
      if (fast !== undefined) expect(fast).toBe(zod);
    }
    expect(fastCase(polluted)).toBeUndefined();
    expect(CaseSchema.safeParse(polluted).success).toBe(false);
  });

  it('writes canonical JSON from the schema exactly as the generic writer does', () => {
    const write = canonicalWalker(CaseSchema);
    for (const body of [...generated('entitlement', 500), ...generated('arrears', 500)]) {
      const input = CaseSchema.parse(body);
      expect(canonicalHashWith(input, write)).toBe(canonicalHash(input));
    }
    expect(() => canonicalWalker(z.strictObject({ a: z.union([z.string(), z.number()]) }))).toThrow(
      /cannot follow this schema \(union\)/,
    );
    expect(() => canonicalWalker(z.strictObject({ 养老: z.string() }))).toThrow(/not ASCII/);
    // A loose object keeps keys outside its shape, which a walker of the shape would leave out.
    expect(() => canonicalWalker(z.looseObject({ a: z.string() }))).toThrow(/object/);
    expect(() => canonicalWalker(z.strictObject({ a: z.enum({ one: 1 }) }))).toThrow(/enum/);
  });

  it('refuses to build a fast path for a schema it cannot follow', () => {
    expect(() => fastPath(z.object({ a: z.string() }))).toThrow(/cannot follow/);
    expect(() => fastPath(z.strictObject({ a: z.string().min(2) }))).toThrow(/min_length/);
    expect(() => fastPath(z.strictObject({ a: z.union([z.string(), z.number()]) }))).toThrow(/union/);
    expect(() => fastPath(z.strictObject({ a: z.coerce.string() }))).toThrow(/coerce/);
    expect(() => fastPath(z.strictObject({ a: z.string().default('x') }))).toThrow(/default/);
  });
});
