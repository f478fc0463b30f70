import { describe, expect, it } from 'vitest';
import { compareRulesetIds, RulesetRegistry, UnknownRulesetError } from '../../rules/index.ts';
import { latest, published, variant } from './helpers.ts';

const withId = (id: string) =>
  variant(latest(), (c) => {
    c.manifest.id = id;
  });

describe('ruleset ids', () => {
  it('orders YYYY.N numerically, not as text', () => {
    const ids = ['2026.10', '2026.1', '2025.2', '2026.2', '2025.10'];
    expect([...ids].sort(compareRulesetIds)).toEqual(['2025.2', '2025.10', '2026.1', '2026.2', '2026.10']);
    expect(compareRulesetIds('2026.1', '2026.1')).toBe(0);
    expect(compareRulesetIds('2025.9', '2026.1')).toBeLessThan(0);
  });
});

describe('the registry', () => {
  const registry = new RulesetRegistry([withId('2026.10'), withId('2025.2'), withId('2026.1')]);

  it('lists published rulesets oldest first, newest last', () => {
    expect(registry.list().map((s) => s.id)).toEqual(['2025.2', '2026.1', '2026.10']);
  });

  it('answers the latest when no id is given', () => {
    expect(registry.latest.id).toBe('2026.10');
    expect(registry.get().id).toBe('2026.10');
    expect(registry.get('2025.2').id).toBe('2025.2');
  });

  it('refuses an unknown id with a 404-class error naming it', () => {
    expect(registry.has('2024.1')).toBe(false);
    expect(registry.has('2026.1')).toBe(true);
    expect(() => registry.get('2024.1')).toThrow(UnknownRulesetError);
    try {
      registry.get('2024.1');
    } catch (error) {
      expect(error).toMatchObject({
        code: 'UNKNOWN_RULESET',
        rulesetId: '2024.1',
        name: 'UnknownRulesetError',
      });
      expect((error as Error).message).toBe('No published ruleset "2024.1"');
    }
  });

  it('needs at least one ruleset', () => {
    expect(() => new RulesetRegistry([])).toThrow(/at least one/);
  });

  it('loads the published folder: 2026.1 and 2026.2 with their hashes, 2026.2 based on 2026.1', () => {
    expect(published().list()).toEqual([
      {
        id: '2026.1',
        hash: 'sha256:5728245ff8edb644fd5b6e7a8a5d94018d8bc8bb106e6b979ce048afadc29b9b',
        publishedAt: '2026-11-29',
        description: expect.any(String),
      },
      {
        id: '2026.2',
        hash: published().get('2026.2').hash,
        publishedAt: '2026-12-07',
        description: expect.any(String),
        basedOn: '2026.1',
      },
    ]);
    expect(latest().id).toBe('2026.2');
  });
});
