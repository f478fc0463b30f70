import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalHash, canonicalJson, sha256 } from '../../rules/canonical-json.ts';
import { type Case, inputHash } from '../../rules/index.ts';
import { CaseGenerator } from '../bench/generate-cases.ts';
import { arbCase } from '../property/arbitraries.ts';
import { kase, ruleset2026_1 } from './helpers.ts';

/** The definition, written plainly: the byte writer must agree with it on any data. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .filter((key) => record[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${reference(record[key])}`);
  return `{${members.join(',')}}`;
}

describe('canonical JSON', () => {
  it('sorts keys at every depth, drops undefined, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: undefined, b: null } })).toBe(
      '{"a":{"b":null,"d":[3,1]},"b":1}',
    );
    expect(canonicalJson('x')).toBe('"x"');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson([undefined])).toBe('[null]');
  });

  it('never takes an inherited property for an own one, even after an object with it as its own', () => {
    const own = { a: 1, up: 2 };
    const inherits = Object.assign(Object.create({ up: 3 }), { a: 1 });
    expect(canonicalJson([own, inherits])).toBe('[{"a":1,"up":2},{"a":1}]');
  });

  it('gives the same text for objects with many distinct keys (beyond any cache)', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `k${i}`);
    const object = Object.fromEntries(keys.map((k) => [k, 1]));
    const text = canonicalJson(object);
    expect(text).toBe(
      `{${[...keys]
        .sort()
        .map((k) => `"${k}":1`)
        .join(',')}}`,
    );
    expect(canonicalJson(object)).toBe(text);
  });

  it('agrees with the plain definition on any data (keys in any order, any text, odd values)', () => {
    const key = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('0', '10', '2', '__proto__', 'toJSON', '', '养老', 'a', 'b'),
    );
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('array'), tie('object')),
      leaf: fc.oneof(
        fc.string(),
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.double(),
        fc.integer(),
        fc.boolean(),
        // An inherited enumerable property is not part of the data.
        fc.constantFrom(
          null,
          undefined,
          () => 1,
          new Date(0),
          Object.assign(Object.create({ up: 1 }), { own: 2 }),
        ),
      ),
      array: fc.array(tie('tree'), { maxLength: 5 }),
      object: fc.array(fc.tuple(key, tie('tree')), { maxLength: 6 }).map((entries) => {
        const object: Record<string, unknown> = {};
        // defineProperty: a "__proto__" key becomes a property, as JSON.parse makes it.
        for (const [k, v] of entries) {
          Object.defineProperty(object, k, {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return object;
      }),
    }));
    fc.assert(
      fc.property(tree, (value) => {
        const text = reference(value);
        expect(canonicalJson(value)).toBe(text);
        expect(canonicalHash(value)).toBe(sha256(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('is RFC 8785 (JCS): the same text as the canonicalize package on any I-JSON value', () => {
    // I-JSON (RFC 7493): finite numbers, well-formed Unicode; canonicalize refuses anything else.
    const value = fc.jsonValue({ stringUnit: 'grapheme', maxDepth: 4 });
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(canonicalize(v));
      }),
      { numRuns: 3000, seed: 8785 },
    );
    // Numbers as ECMAScript writes them, which JCS adopts (RFC 8785 §3.2.2.3, its Appendix B).
    for (const n of [0, -0, 1e21, 1e-7, 123456789012345680000, 4.5, 0.000001, -1.5e-300, 2 ** 53]) {
      expect(canonicalJson({ n })).toBe(canonicalize({ n }));
    }
    // Keys by UTF-16 code units, not code points (RFC 8785 §3.2.3): U+FF61 before U+1F600.
    const keys = { '\u{1F600}': 1, '\uFF61': 2, a: 3, é: 4, 养老: 5 };
    expect(canonicalJson(keys)).toBe(canonicalize(keys));
  });

  it('hashes with sha256 in the receipt form', () => {
    expect(sha256('')).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('inputHash', () => {
  const body = {
    person: {
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      hukou: [{ area: '620502', from: '1949-12-31' }],
    },
    month: '2020-05',
    ruleset: '2026.1',
  };

  it('is the same for the same case, whatever the key order', () => {
    const reordered = {
      ruleset: '2026.1',
      month: '2020-05',
      person: { hukou: body.person.hukou, birthDate: '1949-12-31', idNumber: '11010519491231002X' },
    };
    expect(inputHash(kase(reordered))).toBe(inputHash(kase(body)));
    expect(inputHash(kase(body))).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('leaves the ID number out: it cannot be recovered by trying numbers against the hash', () => {
    const { idNumber: _id, ...person } = body.person;
    expect(inputHash(kase({ ...body, person }))).toBe(inputHash(kase(body)));
    expect(inputHash(kase({ ...body, person: { ...person, idNumber: '11010519491231002x' } }))).toBe(
      inputHash(kase(body)),
    );
  });

  it('leaves the ruleset id out (the receipt names it beside the hash)', () => {
    const { ruleset: _r, ...rest } = body;
    expect(inputHash(kase(rest))).toBe(inputHash(kase(body)));
  });

  it('changes with anything that can change a result', () => {
    const h = inputHash(kase(body));
    expect(inputHash(kase({ ...body, month: '2020-06' }))).not.toBe(h);
    expect(
      inputHash(
        kase({ ...body, person: { ...body.person, hukou: [{ area: '620503', from: '1949-12-31' }] } }),
      ),
    ).not.toBe(h);
    expect(inputHash(kase({ ...body, payments: [] }))).not.toBe(h);
  });

  /** The definition, written plainly: the case without ruleset id and ID number, canonical, hashed. */
  const definition = (input: Case) => {
    const { idNumber: _id, ...person } = input.person;
    const { ruleset: _ruleset, ...rest } = input;
    return sha256(reference({ ...rest, person }));
  };

  it('is the plain definition for every kind of case (generated, with every optional field)', () => {
    const areas = ruleset2026_1()
      .coveredAreas()
      .map((a) => a.code);
    for (const kind of ['entitlement', 'arrears'] as const) {
      const generator = new CaseGenerator(3, kind, areas);
      for (let i = 0; i < 2000; i++) {
        const input = kase(JSON.parse(JSON.stringify(generator.next())));
        expect(inputHash(input)).toBe(definition(input));
      }
    }
    fc.assert(
      fc.property(arbCase(ruleset2026_1(), { payments: true }), (input) => {
        expect(inputHash(input)).toBe(definition(input));
      }),
      { numRuns: 1000 },
    );
    const everything = kase({
      ...body,
      person: {
        ...body.person,
        deathDate: '2021-01-02',
        hukou: [{ area: '620502', from: '1949-12-31', to: '2010-01-01', restoredOn: '2019-05-06' }],
        statuses: [{ kind: 'registered-poor', from: '2016-01-01', to: '2020-12-31' }],
        contributions: [
          { year: 2015, personal: '100.00', governmentPaid: '0.00', subsidy: '30.00', makeUp: true },
        ],
        accountBalance: { amount: '1234.56', asOf: '2020-04-30' },
      },
      payments: [{ from: '2020-01', to: '2020-03', monthly: '88.00' }],
    });
    expect(inputHash(everything)).toBe(definition(everything));
  });

  it('never changes for a case already hashed (receipts stored years ago must still match)', () => {
    expect(inputHash(kase(body))).toBe(
      'sha256:fe44e0ba2dcfdb03f5da89897be4b96ce6fd6417ae328e19fea1470f7caece87',
    );
  });
});
