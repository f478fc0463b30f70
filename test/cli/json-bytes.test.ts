/**
 * The batch writer must produce exactly JSON.stringify's bytes: it only reuses the encoding of
 * trace objects it has already written.
 */
import { describe, expect, it } from 'vitest';
import { JsonBytesWriter } from '../../functions/cli/json-bytes.ts';
import { CALCULATION_KINDS, calculate } from '../../functions/shared/calculate.ts';
import { getRegistry } from '../../functions/shared/registry.ts';
import { CaseGenerator } from '../bench/generate-cases.ts';

function written(values: readonly unknown[]): string {
  const writer = new JsonBytesWriter(64);
  for (const v of values) writer.line(v);
  const { bytes, length } = writer.take();
  return bytes.subarray(0, length).toString('utf8');
}

const expected = (values: readonly unknown[]) => values.map((v) => `${JSON.stringify(v)}\n`).join('');

describe('JsonBytesWriter', () => {
  it.each(CALCULATION_KINDS)('writes %s answers byte for byte as JSON.stringify', (kind) => {
    const registry = getRegistry();
    const generator = new CaseGenerator(5, kind === 'arrears' ? 'arrears' : 'entitlement', [
      ...registry.latest.coveredAreas().map((a) => a.code),
    ]);
    const answers = Array.from({ length: 300 }, () =>
      calculate(kind, generator.next(), registry, { calculationId: 'id', calculatedAt: 'at' }),
    );
    // Twice: the second pass copies every trace from the cache.
    expect(written([...answers, ...answers])).toBe(expected([...answers, ...answers]));
  });

  it('follows JSON.stringify for the awkward values too', () => {
    const trace = { id: 'a', label: '标签 "quoted" \\ \u2028', provisional: true };
    const values = [
      { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1, Number.NaN, -0, 1e21] },
      { parameters: [trace, trace, null, 1], basis: 'not an array', components: [{ parameters: [trace] }] },
      { governmentPaidPremium: null, nested: { parameters: [trace] }, when: new Date(0) },
      // Strings in shared arrays are cached by value; an escape must survive the cache.
      { provisional: ['a.b', 'say "养"', '\u0007'], reasons: [trace, 'code'] },
      { provisional: ['a.b', 'say "养"', '\u0007'], reasons: [trace, 'code', 0] },
      { '\u0000key': '\ud800 lone surrogate', emoji: '😀', 10: 'ten', 2: 'two' },
      // Inherited enumerable properties are not written, as JSON.stringify leaves them out.
      Object.assign(Object.create({ inherited: 'no' }), { own: 'yes', nested: Object.create({ x: 1 }) }),
      'top-level string',
      [1, 'two', [3]],
    ];
    expect(written(values)).toBe(expected(values));
  });

  it('grows its buffer for large answers', () => {
    const big = { text: '养'.repeat(100_000), list: Array.from({ length: 1000 }, (_, i) => i) };
    expect(written([big])).toBe(expected([big]));
  });
});
