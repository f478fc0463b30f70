import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  DEFAULT_RULESETS_DIR,
  loadRulesets,
  readRulesetFolder,
} from '../../functions/shared/load-rulesets.ts';
import { formatYearMonth, parseYearMonth } from '../../rules/calendar.ts';
import {
  NotCoveredError,
  ParameterGapError,
  Ruleset,
  type RulesetContent,
  RulesetValidationError,
} from '../../rules/index.ts';
import type { ReasonCode } from '../../rules/results.ts';
import { areaChain } from '../../rules/ruleset.ts';
import { parameterOf, published, rawContent, ruleset2026_1, value, variant } from './helpers.ts';

const FIXTURES = new URL('./fixtures/invalid/', import.meta.url);
const PUBLISHED_DIR = join(DEFAULT_RULESETS_DIR, '2026.1');

interface Fixture {
  readonly name: string;
  readonly description: string;
  readonly expect: string;
  readonly published?: boolean;
  readonly files: Record<string, unknown>;
}

const fixtures: Fixture[] = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ name: f, ...(parse(readFileSync(new URL(f, FIXTURES), 'utf8')) as Omit<Fixture, 'name'>) }));

/** The published 2026.1 folder as read from disk, with a fixture's files replaced, added or removed. */
function patched(fixture: Fixture): RulesetContent {
  const raw = readRulesetFolder(PUBLISHED_DIR);
  let { manifest, areas, reasons } = raw;
  const parameters = raw.parameters.map((p) => ({ ...p }));
  for (const [file, content] of Object.entries(fixture.files)) {
    if (file === 'ruleset.yaml') manifest = content;
    else if (file === 'areas.yaml') areas = content;
    else if (file === 'reasons.yaml') reasons = content;
    else {
      const at = parameters.findIndex((p) => p.file === file);
      if (content === null) {
        expect(at, `${fixture.name} removes ${file}, which must exist`).toBeGreaterThanOrEqual(0);
        parameters.splice(at, 1);
      } else if (at >= 0) parameters[at] = { file, content };
      else parameters.push({ file, content });
    }
  }
  return { manifest, areas, reasons, parameters };
}

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function tempRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rulesets-'));
  temporary.push(dir);
  return dir;
}

describe('the published ruleset 2026.1', () => {
  const ruleset = ruleset2026_1();

  it('loads, and its manifest hash is the hash of its canonical content', () => {
    expect(ruleset.id).toBe('2026.1');
    expect(ruleset.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(Ruleset.hashOf(ruleset.content)).toBe(ruleset.hash);
    const manifest = parse(readFileSync(join(PUBLISHED_DIR, 'ruleset.yaml'), 'utf8')) as { hash: string };
    expect(manifest.hash).toBe(ruleset.hash);
  });

  it('hashes by RFC 8785: every published hash is the SHA-256 of the canonicalize package’s text', () => {
    const ids = published()
      .list()
      .map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['2026.1', '2026.2']));
    for (const id of ids) {
      const { content, hash } = published().get(id);
      const parameters = [...content.parameters].sort((a, b) => (a.id < b.id ? -1 : 1));
      const text = canonicalize({ ...content, parameters }) as string;
      expect(`sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`, id).toBe(hash);
    }
  });

  it('hashes content, not formatting or file order', () => {
    const shuffled = { ...ruleset.content, parameters: [...ruleset.content.parameters].reverse() };
    expect(Ruleset.hashOf(shuffled)).toBe(ruleset.hash);
    // Every object's keys in reverse order: the canonical form sorts them back.
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverseKeys(x)]),
            )
          : v;
    expect(Ruleset.hashOf(reverseKeys(ruleset.content) as typeof ruleset.content)).toBe(ruleset.hash);
  });

  it('changes its hash when any value changes', () => {
    const changed = variant(ruleset, (c) => {
      const values = parameterOf(c, 'account-pension.divisor').values.national;
      if (values?.[0]) values[0].value = 140;
    });
    expect(changed.hash).not.toBe(ruleset.hash);
  });

  it('summarises itself for GET /v1/rulesets', () => {
    expect(ruleset.summary()).toEqual({
      id: '2026.1',
      hash: ruleset.hash,
      publishedAt: '2026-11-29',
      description: expect.stringContaining('甘肃'),
    });
    const based = variant(ruleset, (c) => {
      c.manifest.basedOn = '2025.1';
    });
    expect(based.summary().basedOn).toBe('2025.1');
  });

  it('covers every listed Gansu area and nothing else', () => {
    expect(ruleset.covers('620000')).toBe(true);
    expect(ruleset.covers('620502')).toBe(true);
    expect(ruleset.covers('623027')).toBe(true);
    expect(ruleset.covers('620599')).toBe(false); // a 62 code not in GB/T 2260
    expect(ruleset.covers('110105')).toBe(false); // Beijing
    expect(ruleset.coveredAreas()).toHaveLength(ruleset.content.areas.length);
    const lanzhouOnly = variant(ruleset, (c) => {
      c.manifest.coverage.areas = ['620100'];
    });
    expect(lanzhouOnly.covers('620102')).toBe(true);
    expect(lanzhouOnly.covers('620502')).toBe(false);
    expect(lanzhouOnly.coveredAreas().map((a) => a.code)).toEqual([
      '620100',
      '620102',
      '620103',
      '620104',
      '620105',
      '620111',
      '620121',
      '620122',
      '620123',
    ]);
  });

  it('lists every parameter, the informational ones included', () => {
    const ids = ruleset.parameterIds();
    expect(ids).toContain('contribution.tiers');
    expect(ids).toContain('contribution.subsidy-floors');
    expect(ids).toHaveLength(30);
  });

  it('has a Chinese and an English text and a citation for every reason code', async () => {
    const { REASON_CODES } = await import('../../rules/index.ts');
    for (const code of REASON_CODES) {
      const text = ruleset.reason(code);
      expect(text.code).toBe(code);
      expect(text.message).not.toBe(code);
      expect(text.messageEn.length).toBeGreaterThan(0);
      expect(text.citation.length).toBeGreaterThan(0);
    }
    // Shared by every answer, like a parameter trace.
    expect(ruleset.reason('UNDER_60')).toBe(ruleset.reason('UNDER_60'));
    expect(ruleset.reason('NOT_A_CODE' as ReasonCode)).toEqual({
      code: 'NOT_A_CODE',
      message: 'NOT_A_CODE',
      messageEn: 'NOT_A_CODE',
      citation: '',
    });
  });
});

describe('ruleset validation rejects bad rulesets with a clear message', () => {
  it('has a fixture for each kind of mistake', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const raw = patched(fixture);
    let error: unknown;
    try {
      Ruleset.build(raw, { verifyHash: fixture.published === true });
    } catch (e) {
      error = e;
    }
    expect(error, fixture.description).toBeInstanceOf(RulesetValidationError);
    expect((error as RulesetValidationError).message).toContain(fixture.expect);
    expect((error as RulesetValidationError).code).toBe('INVALID_RULESET');
  });

  it('says which file is at fault', () => {
    const fixture = fixtures.find((f) => f.name === 'wrong-date.yaml') as Fixture;
    expect(() => Ruleset.build(patched(fixture), { verifyHash: false })).toThrow(
      'parameters/benefit/pension-age.yaml: values.national.0.from',
    );
  });

  it('builds the unpatched published content as a draft and as published', () => {
    const raw = readRulesetFolder(PUBLISHED_DIR);
    expect(Ruleset.build(raw, { verifyHash: true }).hash).toBe(ruleset2026_1().hash);
    expect(Ruleset.build(raw, { verifyHash: false }).hash).toBe(ruleset2026_1().hash);
  });

  it('refuses a published ruleset without a hash', () => {
    const raw = readRulesetFolder(PUBLISHED_DIR);
    const { hash: _hash, ...manifest } = raw.manifest as Record<string, unknown>;
    expect(() => Ruleset.build({ ...raw, manifest }, { verifyHash: true })).toThrow(/manifest says \(none\)/);
    expect(Ruleset.build({ ...raw, manifest }, { verifyHash: false }).hash).toBe(ruleset2026_1().hash);
  });

  it('takes the stated hash as it is only when told to trust it, and never a missing one', () => {
    const raw = readRulesetFolder(PUBLISHED_DIR);
    const stated = 'sha256:'.padEnd(71, '0');
    const manifest = { ...(raw.manifest as Record<string, unknown>), hash: stated };
    expect(() => Ruleset.build({ ...raw, manifest }, { verifyHash: true })).toThrow(/content hash is/);
    expect(Ruleset.build({ ...raw, manifest }, { verifyHash: true, trustStatedHash: true }).hash).toBe(
      stated,
    );
    const { hash: _hash, ...unstated } = manifest;
    expect(() =>
      Ruleset.build({ ...raw, manifest: unstated }, { verifyHash: false, trustStatedHash: true }),
    ).toThrow(/states no hash/);
  });

  it('reports bad areas and reasons lists before anything else', () => {
    const raw = readRulesetFolder(PUBLISHED_DIR);
    expect(() => Ruleset.build({ ...raw, areas: [{ code: '62' }] }, { verifyHash: false })).toThrow(
      /^areas: /,
    );
    expect(() => Ruleset.build({ ...raw, reasons: { under_16: {} } }, { verifyHash: false })).toThrow(
      /^reasons: /,
    );
  });

  it('keeps a long list of problems readable', () => {
    const raw = readRulesetFolder(PUBLISHED_DIR);
    const error = (() => {
      try {
        Ruleset.build({ ...raw, parameters: [] }, { verifyHash: false });
      } catch (e) {
        return e as RulesetValidationError;
      }
      throw new Error('accepted');
    })();
    expect(error.problems.length).toBe(28);
    expect(error.message.endsWith(' …')).toBe(true);
  });

  it('refuses a published folder edited in place, through the loader', () => {
    const root = tempRoot();
    cpSync(PUBLISHED_DIR, join(root, '2026.1'), { recursive: true });
    const fixture = fixtures.find((f) => f.name === 'hash-mismatch.yaml') as Fixture;
    for (const [file, content] of Object.entries(fixture.files)) {
      writeFileSync(join(root, '2026.1', file), stringify(content));
    }
    expect(() => loadRulesets(root)).toThrow(
      /content hash is sha256:[0-9a-f]{64} but the manifest says sha256:/,
    );
  });

  it('refuses a folder whose name is not the id inside it', () => {
    const root = tempRoot();
    cpSync(PUBLISHED_DIR, join(root, '2026.2'), { recursive: true });
    expect(() => loadRulesets(root)).toThrow('folder 2026.2 holds ruleset 2026.1');
  });

  it('refuses YAML that does not parse, or repeats a key, naming the file', () => {
    const root = tempRoot();
    cpSync(PUBLISHED_DIR, join(root, '2026.1'), { recursive: true });
    const file = join(root, '2026.1', 'parameters', 'benefit', 'pension-age.yaml');
    writeFileSync(file, 'id: a\nid: b\n');
    expect(() => loadRulesets(root)).toThrow(/pension-age\.yaml/);
    writeFileSync(file, 'values: [unclosed\n');
    expect(() => readRulesetFolder(join(root, '2026.1'))).toThrow(RulesetValidationError);
  });

  it('reads nested parameter folders and ignores files that are not YAML', () => {
    const root = tempRoot();
    cpSync(PUBLISHED_DIR, join(root, '2026.1'), { recursive: true });
    writeFileSync(join(root, '2026.1', 'parameters', 'README.txt'), 'notes');
    expect(loadRulesets(root).get('2026.1').hash).toBe(ruleset2026_1().hash);
  });
});

describe('resolution walks up county → prefecture → province → national', () => {
  it('orders the layers of an area most specific first', () => {
    expect(areaChain('620502')).toEqual(['620502', '620500', '620000', 'national']);
    expect(areaChain('620500')).toEqual(['620500', '620000', 'national']);
    expect(areaChain('620000')).toEqual(['620000', 'national']);
    expect(areaChain('620200')).toEqual(['620200', '620000', 'national']);
  });

  // One parameter given at all four layers, each from a later date.
  const layered = variant(ruleset2026_1(), (c) => {
    parameterOf(c, 'basic-pension.prefecture-top-up').values = {
      national: [value('2009-10-01', '1.00')],
      '620000': [value('2015-01-01', '2.00')],
      '620500': [value('2018-01-01', '3.00')],
      '620502': [value('2020-01-01', '4.00')],
    };
  });
  const at = (area: string, date: string) =>
    layered.valueOnDate('basic-pension.prefecture-top-up', area, date)?.trace;

  it.each([
    ['620502', '2010-06-01', '1.00', 'national'],
    ['620502', '2015-01-01', '2.00', '620000'],
    ['620502', '2017-12-31', '2.00', '620000'],
    ['620502', '2018-01-01', '3.00', '620500'],
    ['620502', '2019-12-31', '3.00', '620500'],
    ['620502', '2020-01-01', '4.00', '620502'],
    ['620503', '2021-01-01', '3.00', '620500'],
    ['620500', '2021-01-01', '3.00', '620500'],
    ['620602', '2021-01-01', '2.00', '620000'],
    ['620200', '2021-01-01', '2.00', '620000'],
    ['620000', '2014-12-31', '1.00', 'national'],
  ])('%s on %s resolves to %s from the %s layer', (area, date, expected, layer) => {
    expect(at(area, date)).toMatchObject({ value: expected, area: layer });
  });

  it('finds nothing before the first value of any layer, and nothing for an unknown parameter', () => {
    expect(at('620502', '2009-09-30')).toBeUndefined();
    expect(layered.valueOnDate('no.such', '620502', '2020-01-01')).toBeUndefined();
  });

  it('resolves every parameter for an area and date (GET /v1/rulesets/{id}/parameters)', () => {
    const traces = ruleset2026_1().resolveAll('620502', '2020-05-01');
    const byId = Object.fromEntries(traces.map((t) => [t.id, t]));
    expect(traces).toHaveLength(30);
    expect(byId['basic-pension.national-minimum']).toMatchObject({
      value: '88.00',
      area: 'national',
      from: '2018-01-01',
      provisional: false,
    });
    expect(byId['basic-pension.county-top-up']).toMatchObject({
      value: '17.00',
      area: '620502',
      provisional: true,
      reason: expect.any(String),
    });
    expect(byId['old-age-supplement.tiers']).toMatchObject({ value: '80岁及以上 25.00', area: '620502' });
    expect(byId['contribution.tiers']?.value).toBe(
      '100.00、200.00、300.00、400.00、500.00、600.00、700.00、800.00、900.00、1000.00、1500.00、2000.00',
    );
    expect(byId['contribution.subsidy-floors']?.value).toBe('≥100.00: 30.00；≥500.00: 60.00');
    expect(byId['scheme.launch-date']).toMatchObject({ value: '2012-07-01', area: '620000' });
    expect(
      ruleset2026_1()
        .resolveAll('620602', '2020-05-01')
        .find((t) => t.id === 'scheme.launch-date')?.value,
    ).toBe('2011-07-01');
    expect(
      ruleset2026_1()
        .resolveAll('620000', '2019-01-01')
        .find((t) => t.id === 'old-age-supplement.tiers')?.value,
    ).toBe('无');
  });

  it('refuses an area or a date outside the ruleset', () => {
    expect(() => ruleset2026_1().resolveAll('110105', '2020-05-01')).toThrow(NotCoveredError);
    expect(() => ruleset2026_1().resolveAll('620502', '2009-09-30')).toThrow(/covers dates from 2009-10-01/);
    try {
      ruleset2026_1().resolveAll('110105', '2020-05-01');
    } catch (error) {
      expect((error as NotCoveredError).errors).toEqual([
        { path: 'area', message: 'ruleset 2026.1 does not cover area 110105' },
      ]);
    }
  });
});

describe('parameter timelines (a value applies to a month when in force on its first day)', () => {
  const months = (entries: readonly { fromMonth: number; trace: { value: string } }[]) =>
    entries.map((e) => `${formatYearMonth(e.fromMonth)} ${e.trace.value}`);

  it('merges the layers of Qinzhou into one month timeline', () => {
    expect(months(ruleset2026_1().timeline('basic-pension.national-minimum', '620502'))).toEqual([
      '2009-10 55.00',
      '2014-07 70.00',
      '2018-01 88.00',
      '2020-07 93.00',
      '2022-01 98.00',
      '2023-01 103.00',
      '2024-01 123.00',
      '2025-01 143.00',
      '2026-01 163.00',
    ]);
    expect(months(ruleset2026_1().timeline('basic-pension.county-top-up', '620502'))).toEqual([
      '2009-10 0.00',
      '2020-01 17.00',
    ]);
    expect(months(ruleset2026_1().timeline('basic-pension.county-top-up', '620503'))).toEqual([
      '2009-10 0.00',
    ]);
  });

  it('applies a value dated after the 1st from the next month, and the last of a month wins', () => {
    const r = variant(ruleset2026_1(), (c) => {
      parameterOf(c, 'basic-pension.provincial-top-up').values['620000'] = [
        value('2009-10-01', '0.00'),
        value('2021-03-15', '5.00'),
        value('2021-03-20', '6.00'),
        value('2021-05-01', '7.00'),
      ];
    });
    expect(months(r.timeline('basic-pension.provincial-top-up', '620502'))).toEqual([
      '2009-10 0.00',
      '2021-04 6.00',
      '2021-05 7.00',
    ]);
    const ym = (t: string) => parseYearMonth(t) as number;
    expect(r.at('basic-pension.provincial-top-up', '620502', ym('2021-03')).trace.value).toBe('0.00');
    expect(r.at('basic-pension.provincial-top-up', '620502', ym('2021-04')).trace.value).toBe('6.00');
  });

  it('lets a county value dated mid-month override a provincial change in the same month', () => {
    const r = variant(ruleset2026_1(), (c) => {
      parameterOf(c, 'basic-pension.provincial-top-up').values = {
        national: [value('2009-10-01', '0.00')],
        '620000': [value('2009-10-01', '1.00'), value('2021-04-01', '2.00')],
        '620502': [value('2021-04-10', '9.00')],
      };
    });
    expect(months(r.timeline('basic-pension.provincial-top-up', '620502'))).toEqual([
      '2009-10 1.00',
      '2021-04 2.00',
      '2021-05 9.00',
    ]);
    expect(months(r.timeline('basic-pension.provincial-top-up', '620503'))).toEqual([
      '2009-10 1.00',
      '2021-04 2.00',
    ]);
  });

  it('caches timelines and area rules', () => {
    const r = ruleset2026_1();
    expect(r.timeline('benefit.pension-age', '620502')).toBe(r.timeline('benefit.pension-age', '620502'));
    expect(r.forArea('620502')).toBe(r.forArea('620502'));
    expect(r.changeMonths('620502')).toBe(r.changeMonths('620502'));
  });

  it('knows the months anything the benefit reads changes, launch months included', () => {
    const liangzhou = ruleset2026_1().changeMonths('620602').map(formatYearMonth);
    expect(liangzhou).toContain('2011-07');
    expect(liangzhou).toContain('2014-07');
    expect(liangzhou).not.toContain('2012-07');
    // The premium's changes (2017, 2020, 2021) start no new run of the benefit.
    expect(liangzhou).not.toContain('2017-01');
    expect(ruleset2026_1().changeMonths('620502').map(formatYearMonth)).toContain('2012-07');
    expect([...ruleset2026_1().agesOfInterest('620502')].sort()).toEqual([60, 80]);
  });

  it('raises a gap, never a zero, for a month before any value', () => {
    const ym = parseYearMonth('2009-09') as number;
    expect(() => ruleset2026_1().at('basic-pension.national-minimum', '620502', ym)).toThrow(
      ParameterGapError,
    );
    expect(() => ruleset2026_1().at('basic-pension.national-minimum', '620502', ym)).toThrow(
      'Parameter basic-pension.national-minimum has no value for area 620502 on 2009-09-01',
    );
    expect(() => ruleset2026_1().timeline('no.such' as 'benefit.pension-age', '620502')).toThrow(
      ParameterGapError,
    );
  });

  it('builds from its own content exactly as hashed', () => {
    const again = Ruleset.build(rawContent(ruleset2026_1().content), { verifyHash: false });
    expect(again.hash).toBe(ruleset2026_1().hash);
  });
});
