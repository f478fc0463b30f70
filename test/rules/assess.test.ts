/**
 * The calculations under the alternative rules a ruleset may choose (contract "Decisions of rule and
 * policy": each is a parameter). The published ruleset uses the defaults, covered by the golden
 * suite; here each alternative is built as a draft would be, and worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  assessArrears,
  assessEligibility,
  assessEntitlement,
  type Case,
  NotCoveredError,
  type Ruleset,
} from '../../rules/index.ts';
import { kase, parameterOf, ruleset2026_1, value, variant, withValues } from './helpers.ts';

const rule = (id: string, v: unknown) =>
  withValues(ruleset2026_1(), id, 'national', [value('2009-10-01', v, true)]);

/** Seed case C4: Liangzhou, 60 in March 2011, hukou restored 2020-04-19 (launch 2011-07). */
const c4 = (month: string, extra: Partial<Case> = {}): Case =>
  kase({
    person: {
      birthDate: '1951-03-10',
      hukou: [{ area: '620602', from: '1951-03-10', restoredOn: '2020-04-19' }],
    },
    month,
    ...extra,
  });

/** Lanzhou, 60 on 2022-05-20 (entitled from 2022-06), 10 contribution years (50 at the launch). */
const lanzhou = (
  month: string,
  person: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Case =>
  kase({
    person: {
      birthDate: '1962-05-20',
      hukou: [{ area: '620102', from: '1962-05-20' }],
      contributions: Array.from({ length: 10 }, (_, i) => ({ year: 2012 + i, personal: '100.00' })),
      ...person,
    },
    month,
    ...extra,
  });

describe('restored hukou (contract decision 3)', () => {
  it('from-restoration: due only from the month after restoredOn', () => {
    const r = rule('restored-hukou.back-pay', 'from-restoration');
    expect(assessEligibility(c4('2020-05'), r).benefit).toMatchObject({ eligible: true, since: '2020-05' });
    expect(assessEntitlement(c4('2020-04'), r)).toMatchObject({
      eligible: false,
      reasons: [{ code: 'NO_LOCAL_HUKOU' }],
    });
    // 2020-05..06 at 88, 2020-07..12 at 93.
    expect(assessArrears(c4('2020-12'), r)).toMatchObject({ from: '2020-05', months: 8, due: '734.00' });
  });

  it('from-restoration on the 1st of a month: that month is still before "the month after"', () => {
    const r = rule('restored-hukou.back-pay', 'from-restoration');
    const input = kase({
      person: {
        birthDate: '1951-03-10',
        hukou: [{ area: '620602', from: '1951-03-10', restoredOn: '2020-05-01' }],
      },
      month: '2020-05',
    });
    // Enrolment counts the registration from 2020-05 (in force on the 1st); the benefit from 2020-06.
    const result = assessEligibility(input, r);
    expect(result.enrolment).toMatchObject({ eligible: true });
    expect(result.benefit).toMatchObject({ eligible: false, reasons: [{ code: 'NO_LOCAL_HUKOU' }] });
    expect(result.area).toBe('620602');
  });

  it('retroactive-capped at 36 months: due from 36 months before the month after restoration', () => {
    const r = variant(ruleset2026_1(), (c) => {
      parameterOf(c, 'restored-hukou.back-pay').values = {
        national: [value('2009-10-01', 'retroactive-capped', true)],
      };
    });
    // 2017-05..2017-12: 8 × 70 = 560; 2018-01..2020-04: 28 × 88 = 2464.
    expect(assessArrears(c4('2020-04'), r)).toMatchObject({
      from: '2017-05',
      months: 36,
      due: '3024.00',
      segments: [
        { from: '2017-05', to: '2017-12', months: 8, monthly: '70.00', amount: '560.00' },
        { from: '2018-01', to: '2020-04', months: 28, monthly: '88.00', amount: '2464.00' },
      ],
    });
    const capped12 = variant(r, (c) => {
      parameterOf(c, 'restored-hukou.back-pay-cap-months').values = {
        national: [value('2009-10-01', 12, true)],
      };
    });
    // 2019-05..2020-04: 12 × 88.
    expect(assessArrears(c4('2020-04'), capped12)).toMatchObject({ from: '2019-05', due: '1056.00' });
  });

  it('takes the rule in force where and when the registration was restored', () => {
    // Retroactive until 2019, from-restoration from 2020-01-01: a 2020 restoration is not retroactive.
    const r = withValues(ruleset2026_1(), 'restored-hukou.back-pay', 'national', [
      value('2009-10-01', 'retroactive', true),
      value('2020-01-01', 'from-restoration', true),
    ]);
    expect(assessArrears(c4('2020-06'), r)).toMatchObject({ from: '2020-05', due: '176.00' });
  });

  it('refuses a restored registration outside the ruleset when it is in force', () => {
    const input = kase({
      person: {
        birthDate: '1951-03-10',
        hukou: [{ area: '530524', from: '1951-03-10', restoredOn: '2020-05-20' }],
      },
      month: '2020-08',
    });
    expect(() => assessEntitlement(input, ruleset2026_1())).toThrow(NotCoveredError);
  });
});

describe('death (contract decision 4)', () => {
  it('month-before-death: the month of death is not paid', () => {
    const r = rule('death.last-paid-month', 'month-before-death');
    const input = lanzhou('2023-02', { deathDate: '2023-02-10' });
    expect(assessEntitlement(input, r)).toMatchObject({ eligible: false, reasons: [{ code: 'DECEASED' }] });
    expect(assessEntitlement(input, ruleset2026_1())).toMatchObject({ eligible: true, total: '103.00' });
  });
});

describe('suspensions (contract decision 5)', () => {
  const closed = { statuses: [{ kind: 'survival-unverified', from: '2023-03-15', to: '2023-07-10' }] };
  const prison = { statuses: [{ kind: 'imprisoned', from: '2023-03-15', to: '2023-07-10' }] };
  const openPrison = { statuses: [{ kind: 'imprisoned', from: '2023-03-15' }] };

  it('survival never-due: a verified period stays unpaid', () => {
    const r = rule('suspension.survival-unverified', 'never-due');
    // 7 × 98 + 3 × 103 + 1 × 103 (April–July withheld for good).
    expect(assessArrears(lanzhou('2023-08', closed), r)).toMatchObject({ due: '1098.00' });
    expect(assessArrears(lanzhou('2023-08', closed), ruleset2026_1())).toMatchObject({ due: '1510.00' });
  });

  it('imprisonment due-after-release: the months become due once the period is closed', () => {
    const r = rule('suspension.imprisoned', 'due-after-release');
    expect(assessArrears(lanzhou('2023-08', prison), r)).toMatchObject({ due: '1510.00' });
    expect(assessEntitlement(lanzhou('2023-05', openPrison), r)).toMatchObject({
      eligible: false,
      reasons: [{ code: 'IMPRISONED' }],
    });
  });
});

describe('age conventions (contract decision 1)', () => {
  const june1 = (month: string) =>
    kase({
      person: {
        birthDate: '1955-06-01',
        hukou: [{ area: '620102', from: '1955-06-01' }],
        contributions: [2012, 2013, 2014].map((year) => ({ year, personal: '100.00' })),
      },
      month,
    });

  // The convention, when a right starts, the first month of the right and the month before it.
  it.each([
    ['birthday-month', 'the month', '2015-06', '2015-05'],
    ['january-of-year', 'January of the year', '2015-01', '2014-12'],
  ])('%s: a right starts in %s the age is reached', (convention, _when, since, before) => {
    const r = rule('age.start-convention', convention);
    expect(assessEligibility(june1('2015-06'), r).benefit).toMatchObject({ eligible: true, since });
    expect(assessEntitlement(june1(before), r)).toMatchObject({
      eligible: false,
      reasons: [{ code: 'UNDER_60' }],
    });
  });

  it('a convention change applies to months from its date, for ages reached before it too', () => {
    // Birthday-month from 2015-06-01: June 2015 is then the first month for someone 60 on 1 June.
    const r = withValues(ruleset2026_1(), 'age.start-convention', 'national', [
      value('2009-10-01', 'next-month-after-birthday', true),
      value('2015-06-01', 'birthday-month', true),
    ]);
    expect(assessEligibility(june1('2015-08'), r).benefit).toMatchObject({ since: '2015-06' });
  });

  it('february-28: a 29 February birthday falls on 28 February in common years', () => {
    const r = rule('age.leap-day-birthday', 'february-28');
    const input = kase({
      person: {
        birthDate: '2040-02-29',
        hukou: [{ area: '620102', from: '2040-02-29' }],
        contributions: Array.from({ length: 15 }, (_, i) => ({ year: 2056 + i, personal: '100.00' })),
      },
      month: '2100-03',
    });
    expect(assessEntitlement(input, r)).toMatchObject({ eligible: true, total: '163.00' });
    expect(assessEntitlement(input, ruleset2026_1())).toMatchObject({ eligible: false });
  });
});

describe('money (contract decision 6)', () => {
  const balance = (amount: string) =>
    kase({
      person: {
        birthDate: '1940-05-15',
        hukou: [{ area: '620102', from: '1940-05-15' }],
        accountBalance: { amount, asOf: '2012-06-30' },
      },
      month: '2018-03',
    });

  it('down: 10078 fen ÷ 139 = 72.50… rounds to 0.72', () => {
    const r = rule('money.rounding', 'down');
    expect(assessEntitlement(balance('100.78'), r).components[3]?.amount).toBe('0.72');
    expect(assessEntitlement(balance('100.78'), ruleset2026_1()).components[3]?.amount).toBe('0.73');
  });

  it('a different divisor is a parameter, not code', () => {
    const r = withValues(ruleset2026_1(), 'account-pension.divisor', 'national', [value('2009-10-01', 100)]);
    expect(assessEntitlement(balance('13900.00'), r)).toMatchObject({ total: '227.00' });
  });
});

describe('layers (contract decision 7) and the long-contribution bonus', () => {
  it('adds province, prefecture and county layers to the national minimum', () => {
    const r = variant(ruleset2026_1(), (c) => {
      parameterOf(c, 'basic-pension.provincial-top-up').values['620000'] = [value('2009-10-01', '5.00')];
      parameterOf(c, 'basic-pension.prefecture-top-up').values['620100'] = [value('2009-10-01', '3.00')];
      parameterOf(c, 'basic-pension.county-top-up').values['620102'] = [value('2009-10-01', '2.00')];
    });
    const input = kase({
      person: { birthDate: '1940-05-15', hukou: [{ area: '620102', from: '1940-05-15' }] },
      month: '2018-03',
    });
    expect(assessEntitlement(input, r)).toMatchObject({
      total: '98.00',
      components: [{ amount: '98.00' }, {}, {}, {}],
    });
    const other = kase({
      person: { birthDate: '1940-05-15', hukou: [{ area: '620103', from: '1940-05-15' }] },
      month: '2018-03',
    });
    expect(assessEntitlement(other, r)).toMatchObject({ total: '96.00' });
  });

  it('pays per year beyond the threshold: 20 years at 2.00 beyond 15 is 10.00', () => {
    const r = withValues(ruleset2026_1(), 'long-contribution-bonus.per-year', '620000', [
      value('2009-10-01', '2.00'),
    ]);
    const input = kase({
      person: {
        birthDate: '1980-03-03',
        hukou: [{ area: '620102', from: '1980-03-03' }],
        contributions: Array.from({ length: 20 }, (_, i) => ({ year: 2012 + i, personal: '100.00' })),
      },
      month: '2040-04',
    });
    expect(assessEntitlement(input, r)).toMatchObject({
      total: '173.00',
      components: [{ amount: '163.00' }, { amount: '0.00' }, { amount: '10.00' }, { amount: '0.00' }],
    });
  });

  it('takes the highest supplement tier reached, not the sum of tiers', () => {
    const r = withValues(ruleset2026_1(), 'old-age-supplement.tiers', '620000', [
      value('2009-10-01', [
        { age: 70, amount: '5.00' },
        { age: 80, amount: '10.00' },
      ]),
    ]);
    const person = (birthDate: string) =>
      kase({ person: { birthDate, hukou: [{ area: '620102', from: birthDate }] }, month: '2018-03' });
    expect(assessEntitlement(person('1947-01-01'), r).components[1]?.amount).toBe('5.00');
    expect(assessEntitlement(person('1937-01-01'), r).components[1]?.amount).toBe('10.00');
    expect(assessEntitlement(person('1950-01-01'), r).components[1]?.amount).toBe('0.00');
  });
});

describe('government-paid premium (contract decision 8)', () => {
  const poor = (statuses: { kind: string; from: string }[]) =>
    kase({
      person: { birthDate: '1978-04-12', hukou: [{ area: '620722', from: '1978-04-12' }], statuses },
      month: '2020-05',
    });
  const both = poor([
    { kind: 'registered-poor', from: '2014-01-01' },
    { kind: 'minimum-living-allowance', from: '2018-01-01' },
  ]);

  it('highest: with different amounts, the highest single one and its category', () => {
    const r = withValues(ruleset2026_1(), 'government-paid-premium.minimum-living-allowance', '620000', [
      value('2009-10-01', '150.00', true),
    ]);
    expect(assessEligibility(both, r).governmentPaidPremium).toMatchObject({
      amount: '150.00',
      category: 'minimum-living-allowance',
    });
  });

  it('sum: the amounts of every category added', () => {
    const r = rule('government-paid-premium.combination', 'sum');
    expect(assessEligibility(both, r).governmentPaidPremium).toMatchObject({
      amount: '200.00',
      category: 'registered-poor+minimum-living-allowance',
    });
  });
});

describe('scheme launch (contract decision 2)', () => {
  // Contract decision 2: entitlement starts "in the area's scheme launch month if that is later".
  // A launch dated mid-month is still that month's launch.
  it('a launch on 15 July 2011 makes July 2011 the first month', () => {
    const r = withValues(ruleset2026_1(), 'scheme.launch-date', '620602', [
      value('2009-10-01', '2011-07-15', true),
    ]);
    const input = kase({
      person: { birthDate: '1940-05-15', hukou: [{ area: '620602', from: '1940-05-15' }] },
      month: '2011-07',
    });
    expect(assessEntitlement(input, r)).toMatchObject({ eligible: true, total: '55.00' });
  });
});

describe('refusals', () => {
  it('refuses a month or a payment before the coverage, naming the field', () => {
    expect(() => assessEntitlement(lanzhou('2009-09'), ruleset2026_1())).toThrow(
      /month: ruleset 2026.1 covers months from 2009-10/,
    );
    const paidEarly = lanzhou(
      '2022-08',
      {},
      { payments: [{ from: '2009-09', to: '2009-12', monthly: '55.00' }] },
    );
    expect(() => assessArrears(paidEarly, ruleset2026_1())).toThrow(/payments\[0\]\.from/);
  });
});

describe('results', () => {
  it('always lists the four components in contract order, summing to the total', () => {
    const r: Ruleset = ruleset2026_1();
    const result = assessEntitlement(c4('2020-05'), r);
    expect(result.components.map((c) => c.code)).toEqual([
      'basic-pension',
      'old-age-supplement',
      'long-contribution-bonus',
      'account-pension',
    ]);
  });

  it('gives no area when there is no hukou at all', () => {
    const input = kase({ person: { birthDate: '1951-03-10', hukou: [] }, month: '2020-05' });
    expect(assessEntitlement(input, ruleset2026_1())).toMatchObject({ area: null, eligible: false });
    expect(assessEligibility(input, ruleset2026_1())).toMatchObject({ area: null });
  });
});
