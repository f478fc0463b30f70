import { describe, expect, it } from 'vitest';
import { readDraftText } from '../../functions/policy/draft-text.ts';
import { EXAMPLE_DRAFT } from '../../functions/policy-page/handler.ts';
import { applyDraft, DraftValidationError, diffRulesets, parseDraft } from '../../rules/draft.ts';
import { base, CAP_BACK_PAY, candidate, nationalMinimum, source } from './support.ts';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof DraftValidationError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a DraftValidationError');
}

describe('drafts', () => {
  it('an empty draft gives a candidate with an empty diff and a new id and hash', () => {
    const c = candidate([]);
    expect(diffRulesets(base(), c)).toEqual([]);
    expect(c.id).toBe('2026.99');
    expect(c.manifest.basedOn).toBe(base().id);
    expect(c.hash).not.toBe(base().hash);
  });

  it('lists the diff parameter by parameter and layer by layer, and leaves the base untouched', () => {
    const before = JSON.stringify(base().content);
    const c = candidate([nationalMinimum('2027-01-01', '183.00'), CAP_BACK_PAY]);
    const diff = diffRulesets(base(), c);
    expect(
      diff.map((d) => [d.parameter, d.area, d.removed.map((v) => v.value), d.added.map((v) => v.value)]),
    ).toEqual([
      ['basic-pension.national-minimum', 'national', [], ['183.00']],
      ['restored-hukou.back-pay', 'national', ['retroactive'], ['retroactive-capped']],
    ]);
    expect(JSON.stringify(base().content)).toBe(before);
    expect(c.valueOnDate('basic-pension.national-minimum', '620102', '2027-02-01')?.trace.value).toBe(
      '183.00',
    );
    expect(c.valueOnDate('basic-pension.national-minimum', '620102', '2026-12-01')?.trace.value).toBe(
      '163.00',
    );
  });

  it('raises by N yuan from a date: the value then in effect (163.00 since 2026-01-01) plus N', () => {
    const raise = (by: string, from = '2027-01-01') => ({
      parameter: 'basic-pension.national-minimum',
      area: 'national',
      raise: { from, by, source, provisional: false },
    });
    const c = candidate([raise('20.00')]);
    expect(c.valueOnDate('basic-pension.national-minimum', '620102', '2027-01-01')?.trace.value).toBe(
      '183.00',
    );
    expect(c.valueOnDate('basic-pension.national-minimum', '620102', '2026-12-31')?.trace.value).toBe(
      '163.00',
    );
    expect(diffRulesets(base(), c)[0]?.added.map((v) => [v.from, v.value])).toEqual([
      ['2027-01-01', '183.00'],
    ]);
    expect(problemsOf(() => candidate([raise('20.00', '1990-01-01')]))).toEqual([
      'changes[0] (basic-pension.national-minimum @ national): raise: no base value on 1990-01-01',
    ]);
    expect(problemsOf(() => candidate([raise('-200.00')]))[0]).toContain('would be negative');
    expect(
      problemsOf(() => candidate([{ ...raise('5.00'), parameter: 'restored-hukou.back-pay' }]))[0],
    ).toContain('raise: the base value on 2027-01-01 is not an amount');
  });

  it('replaces the value on an existing date, and removes values from a date', () => {
    const c = candidate([
      {
        parameter: 'basic-pension.national-minimum',
        area: 'national',
        removeFrom: '2025-01-01',
        values: [{ from: '2025-01-01', value: '150.00', source, provisional: false }],
      },
    ]);
    expect(c.valueOnDate('basic-pension.national-minimum', '620102', '2026-06-01')?.trace.value).toBe(
      '150.00',
    );
    const diff = diffRulesets(base(), c)[0];
    expect(diff?.removed.map((v) => v.from)).toEqual(['2025-01-01', '2026-01-01']);
    expect(diff?.added.map((v) => v.from)).toEqual(['2025-01-01']);
  });

  it('refuses a bad draft with problems that name the change', () => {
    expect(
      problemsOf(() => candidate([{ ...nationalMinimum('2027-01-01', '183'), parameter: 'nope.nothing' }])),
    ).toEqual([
      'changes[0] (nope.nothing @ national): ruleset 2026.2 has no parameter nope.nothing (a new one needs define)',
    ]);
    const [problem] = problemsOf(() => candidate([CAP_BACK_PAY, nationalMinimum('2027-01-01', '183')]));
    expect(problem).toMatch(/^changes\[1\] \(basic-pension\.national-minimum\): .*money string/);
    const enumProblem = problemsOf(() =>
      candidate([
        { ...CAP_BACK_PAY, values: [{ from: '2009-10-01', value: 'sometimes', source, provisional: false }] },
      ]),
    );
    expect(enumProblem[0]).toMatch(/^changes\[0\] \(restored-hukou\.back-pay\)/);
    expect(
      problemsOf(() => parseDraft({ base: '2026.1', changes: [{ parameter: 'x.y', area: 'national' }] })),
    ).toEqual([
      'changes.0: a change defines a parameter, adds values, raises one (raise), removes values (removeFrom), or several of these',
    ]);
    // Removing every national value leaves covered areas with a gap from the coverage start.
    const gap = problemsOf(() =>
      candidate([{ parameter: 'benefit.pension-age', area: 'national', removeFrom: '2009-10-01' }]),
    );
    expect(gap.join('\n')).toMatch(/benefit\.pension-age has no value/);
    expect(
      problemsOf(() =>
        applyDraft(base(), parseDraft({ base: '2025.1' }), { id: '2026.99', publishedAt: '2026-12-01' }),
      ),
    ).toEqual(['base: the draft is based on 2025.1, not 2026.2']);
  });

  it('the policy page starts with a draft on the latest ruleset that builds', () => {
    const draft = readDraftText(EXAMPLE_DRAFT);
    expect(draft.base).toBe(base().id);
    expect(() => applyDraft(base(), draft, { id: '2026.99', publishedAt: '2026-12-01' })).not.toThrow();
  });

  it('reads YAML drafts, and refuses unknown fields and bad YAML clearly', () => {
    const draft = readDraftText(`base: "2026.1"
goldenUpdates: [national-minimum.yaml]
changes:
  - parameter: basic-pension.national-minimum
    area: national
    values:
      - { from: "2027-01-01", value: "183.00", source: { note: x }, provisional: false }
`);
    expect(draft.goldenUpdates).toEqual(['national-minimum.yaml']);
    expect(() => readDraftText('base: "2026.1"\nchanges: [\n')).toThrow(/not valid YAML/);
    expect(() => readDraftText('base: "2026.1"\nextra: 1\n')).toThrow(/extra/);
  });
});
