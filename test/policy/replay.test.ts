/**
 * The replay against hand-worked expectations: the figures come from the parameter files of the
 * latest ruleset, 2026.2 (national minimum 55, 70 from 2014-07, 88 from 2018, 163 from 2026; Gansu's
 * provincial 10 from 2014, 15 from 2015, 20 from 2021; Lanzhou's municipal 20 from 2014; Gansu
 * launch 2012-07-01) and the contract's decisions, never from the replay's own output.
 */
import { describe, expect, it } from 'vitest';
import {
  type Aggregates,
  type ChangedCase,
  emptyAggregates,
  mergeAggregates,
  replayBatch,
} from '../../functions/policy/replay.ts';
import { buildReport } from '../../functions/policy/report.ts';
import { CaseGenerator } from '../bench/generate-cases.ts';
import { base, CAP_BACK_PAY, candidate, items, lanzhou, nationalMinimum } from './support.ts';

function run(entries: readonly unknown[], cand = base(), options: { month?: string; skip?: boolean } = {}) {
  const changed: ChangedCase[] = [];
  const agg = replayBatch(items(entries), base(), cand, {
    ...(options.month !== undefined ? { month: options.month } : {}),
    skipUnaffected: options.skip ?? false,
    onChanged: (row) => changed.push(row),
  });
  const report = buildReport(
    agg,
    {
      baseline: { id: base().id, hash: '' },
      candidate: { id: cand.id, hash: '' },
      caseSet: 't',
      generatedAt: '',
      diff: [],
    },
    base(),
  );
  return { agg, changed, report };
}

// Born 1950: 62 at the Gansu launch (2012-07), entitled from it without contributions.
const A = lanzhou('1950-03-10', '2026-06');
// 46 at launch: needs 14 years; 60 on 2026-01-15, so entitled from 2026-02 (次月).
const B = lanzhou('1966-01-15', '2026-06', {
  contributions: Array.from({ length: 15 }, (_, i) => ({ year: 2011 + i, personal: '100.00' })),
});
// Died 2026-03-20: the month of death is paid, nothing after (contract decision 4).
const C = lanzhou('1940-05-15', '2026-06', { deathDate: '2026-03-20' });
// 36 years old: never entitled.
const D = lanzhou('1990-01-01', '2026-06');
// The contract's Qinzhou resident (county top-up, 80+ supplement): the raise adds to the national layer only.
const E = {
  person: { birthDate: '1940-01-10', hukou: [{ area: '620502', from: '1940-01-10' }] },
  month: '2026-06',
};

describe('an empty draft', () => {
  it('changes nothing, computed in full and with the skip', () => {
    const cases = [A, B, C, D, E];
    for (const skip of [false, true]) {
      const { report } = run(cases, candidate([]), { skip });
      expect(report.summary).toMatchObject({
        cases: 5,
        changed: 0,
        gainers: 0,
        losers: 0,
        unchanged: 5,
        errors: 0,
        monthlyCostDelta: '0.00',
        annualCostDelta: '0.00',
      });
    }
  });
});

describe('a national raise of 20 yuan from 2026-01-01', () => {
  const raise = () => candidate([nationalMinimum('2026-01-01', '183.00')]);

  it('gives every eligible case exactly 20.00 a month more, and 20.00 for each eligible month since', () => {
    const { report, changed } = run([A, B, C, D, E], raise());
    const byLine = Object.fromEntries(changed.map((c) => [c.line, c]));
    // A: eligible 2026-01..06 (6 months); B: 2026-02..06 (5); C: 2026-01..03 (3, nothing due in June);
    // D: never; E: 6 months.
    const months: Record<number, number> = { 1: 6, 2: 5, 3: 3, 5: 6 };
    expect(Object.keys(byLine).map(Number).sort()).toEqual([1, 2, 3, 5]);
    for (const [line, n] of Object.entries(months)) {
      const c = byLine[Number(line)] as ChangedCase;
      expect(c.candidateArrears - c.baselineArrears).toBe(2000 * n);
      expect(c.candidateMonthly - c.baselineMonthly).toBe(Number(line) === 3 ? 0 : 2000);
    }
    expect(report.summary).toMatchObject({
      cases: 5,
      changed: 4,
      gainers: 4,
      losers: 0,
      unchanged: 1,
      monthlyCostDelta: '60.00',
      // The whole of 2026 (the months after June included): A 12 + B 11 (from February) + C 3 (died
      // in March) + E 12 = 38 eligible months after the raise.
      annualCostDelta: '760.00',
      arrearsDelta: '400.00',
    });
    const basic = report.byComponent.find((c) => c.component === 'basic-pension');
    expect(basic?.delta).toBe('60.00');
    expect(report.byComponent.filter((c) => c.component !== 'basic-pension').map((c) => c.delta)).toEqual([
      '0.00',
      '0.00',
      '0.00',
    ]);
  });

  it('evaluated at a fixed month with --month, every eligible case gains 20.00 and nobody else changes', () => {
    const { report } = run([A, B, C, D, E], raise(), { month: '2026-03' });
    // In March: A, B (since February), C (month of death) and E are paid; D is not.
    expect(report.summary.monthlyCostDelta).toBe('80.00');
    expect(report.bands.find((b) => b.band === 'gained-0-5')?.cases ?? 0).toBe(0);
    expect(report.summary.changed).toBe(4);
  });

  it('gives the same aggregates with and without skipping unaffected cases, and split batches merge to the whole', () => {
    const generator = new CaseGenerator(7, 'entitlement', [
      ...base()
        .coveredAreas()
        .map((a) => a.code),
    ]);
    const cases = Array.from({ length: 400 }, () => generator.next());
    const qinzhou = {
      parameter: 'basic-pension.county-top-up',
      area: '620502',
      values: [{ from: '2023-01-01', value: '27.00', source: { note: 'test' }, provisional: false }],
    };
    const cand = candidate([nationalMinimum('2020-01-01', '93.00'), qinzhou]);
    const full = run(cases, cand, { skip: false }).agg;
    const skipped = run(cases, cand, { skip: true }).agg;
    expect(skipped.skipped).toBeGreaterThan(0);
    expect({ ...skipped, skipped: 0 }).toEqual({ ...full, skipped: 0 });
    const halves = [cases.slice(0, 150), cases.slice(150)].map((part, i) => {
      const offset = i === 0 ? 0 : 150;
      const parsed = items(part).map((it) => ({ ...it, line: it.line + offset }));
      return replayBatch(parsed, base(), cand, { skipUnaffected: false });
    });
    const merged: Aggregates = mergeAggregates(
      mergeAggregates(emptyAggregates(), halves[1] as Aggregates),
      halves[0] as Aggregates,
    );
    expect(merged).toEqual(full);
  });
});

describe('capping restored-hukou back pay at 36 months', () => {
  // Lanzhou residents born 1940, entitled from the 2012-07 launch, evaluated in 2020-12. With the cap,
  // back pay reaches at most 36 months before the month after restoration (contract decision 3).
  const restored = (restoredOn?: string) => ({
    person: {
      birthDate: '1940-02-02',
      hukou: [{ area: '620102', from: '1940-02-02', ...(restoredOn ? { restoredOn } : {}) }],
    },
    month: '2020-12',
  });
  const cases = [
    restored('2020-04-19'), // 1: from 2017-05 instead of 2012-07: affected
    restored('2014-01-10'), // 2: cap reaches back to 2011-02, before the launch: unaffected
    restored(), // 3: no restoration: unaffected
    restored('2016-09-01'), // 4: from 2013-10: affected
    restored('2015-07-05'), // 5: from 2012-08: loses exactly July 2012 (55.00)
    restored('2015-06-05'), // 6: from 2012-07, the launch itself: unaffected
  ];

  it.each([false, true])(
    'changes exactly the cases whose back pay reached further than 36 months (skip %s)',
    (skip) => {
      const { report, changed } = run(cases, candidate([CAP_BACK_PAY]), { skip });
      expect(changed.map((c) => c.line)).toEqual([1, 4, 5]);
      const five = changed.find((c) => c.line === 5) as ChangedCase;
      expect(five.candidateArrears - five.baselineArrears).toBe(-5500);
      // The monthly amount in 2020-12 is the same for everybody: only back pay changes.
      expect(changed.every((c) => c.candidateMonthly === c.baselineMonthly)).toBe(true);
      expect(report.summary).toMatchObject({ changed: 3, losers: 3, gainers: 0, monthlyCostDelta: '0.00' });
      // 2012-07..2017-04: 55×18 + 85×6 + 100×6 + 105×28 = 5040.00 lost by case 1.
      const one = changed.find((c) => c.line === 1) as ChangedCase;
      expect(one.candidateArrears - one.baselineArrears).toBe(-504000);
    },
  );
});

describe('recorded decisions', () => {
  // Lanzhou resident entitled from 2012-07; in 2020-05 the standard was 88 + 15 + 20 = 123.00, and
  // the back pay from 2012-07 to 2020-05 is 55×18 + 85×6 + 100×6 + 105×36 + 123×29 = 9447.00.
  const person = lanzhou('1950-03-10', '2020-05');

  it('lists the cases where the engine disagrees with what was decided', () => {
    const { report } = run([
      { ...person, recorded: { total: '123.00' } },
      { ...person, ref: 'GS-2020-0002', recorded: { total: '90.00' } },
      { ...person, recorded: { month: '2019-01', total: '123.00' } },
      { ...person, recorded: { month: '2014-07', total: '85.00' } },
      { ...person, recorded: { arrears: '9447.00' } },
      { ...person, recorded: { arrears: '6000.00' } },
    ]);
    expect(report.mismatches.count).toBe(3);
    expect(report.mismatches.shown.map((m) => [m.line, m.what, m.month, m.recorded, m.baseline])).toEqual([
      [2, 'total', '2020-05', '90.00', '123.00'],
      [4, 'total', '2014-07', '85.00', '100.00'],
      [6, 'arrears', '2020-05', '6000.00', '9447.00'],
    ]);
    expect(report.mismatches.shown[0]?.ref).toBe('GS-2020-0002');
  });

  it('compares a decision with its own month, never with a uniform test month', () => {
    // Valued at 2026-06 (163 + 20 + 20 = 203.00 a month), decided for 2020-05: still 123.00 and 9447.00.
    const { report } = run(
      [
        { ...person, recorded: { total: '123.00' } },
        { ...person, recorded: { arrears: '9447.00' } },
        { ...person, recorded: { total: '90.00' } },
      ],
      base(),
      { month: '2026-06' },
    );
    expect(report.mismatches.shown.map((m) => [m.line, m.what, m.month, m.recorded, m.baseline])).toEqual([
      [3, 'total', '2020-05', '90.00', '123.00'],
    ]);
  });
});

describe('errors', () => {
  it('counts a case the ruleset does not cover as an error and goes on', () => {
    const outside = {
      person: { birthDate: '1940-01-01', hukou: [{ area: '110101', from: '1940-01-01' }] },
      month: '2020-01',
    };
    const before = { ...A, month: '2008-01' };
    const { report } = run([outside, A, before]);
    expect(report.summary.cases).toBe(1);
    expect(report.summary.errors).toBe(2);
    expect(report.errorLines.map((e) => e.line)).toEqual([1, 3]);
  });
});
