/**
 * The engine never reads the clock or the host's zone, so every result is the same under TZ=UTC,
 * Asia/Shanghai and America/Los_Angeles (`npm run test:tz` runs test/rules, test/golden and
 * test/property again under the last two). This file checks the run really is in the zone it names,
 * so the matrix cannot pass vacuously, and pins results around the zones' awkward dates.
 */
import { describe, expect, it } from 'vitest';
import { assessArrears, assessEntitlement } from '../../rules/index.ts';
import { kase, ruleset2026_1 } from './helpers.ts';

// Minutes behind UTC on 2020-01-01 (no DST then in either zone), as Date reports them.
const OFFSETS: Record<string, number> = { UTC: 0, 'Asia/Shanghai': -480, 'America/Los_Angeles': 480 };

describe('time zones', () => {
  it('runs in the zone TZ names', () => {
    const zone = process.env.TZ;
    const offset = new Date(Date.UTC(2020, 0, 1, 12)).getTimezoneOffset();
    if (zone !== undefined && zone in OFFSETS) expect(offset).toBe(OFFSETS[zone]);
    else expect(Number.isInteger(offset)).toBe(true);
  });

  it('gives the same month for a date at a month end, whatever the zone', () => {
    // 2020-06-30 is already 1 July in Shanghai at 08:00 UTC and still 29 June in Los Angeles at
    // 06:59 UTC: a Date-based engine would move these months around.
    const c = kase({
      person: {
        birthDate: '1960-06-30',
        deathDate: '2021-12-31',
        hukou: [{ area: '620102', from: '1960-06-30' }],
        contributions: Array.from({ length: 8 }, (_, i) => ({ year: 2012 + i, personal: '100.00' })),
      },
      month: '2022-01',
    });
    // 60 on 2020-06-30, so from 2020-07; died in December 2021, so nothing from January 2022.
    expect(assessEntitlement({ ...c, month: '2020-06' }, ruleset2026_1()).eligible).toBe(false);
    expect(assessEntitlement({ ...c, month: '2020-07' }, ruleset2026_1()).total).toBe('93.00');
    expect(assessEntitlement({ ...c, month: '2021-12' }, ruleset2026_1()).total).toBe('93.00');
    expect(assessArrears(c, ruleset2026_1())).toMatchObject({ from: '2020-07', months: 19, due: '1674.00' });
  });

  it('treats China’s 1986–1991 daylight-saving days as ordinary dates', () => {
    // 1986-05-04 began DST in China: a local midnight that did not exist in Shanghai.
    const c = kase({
      person: { birthDate: '1986-05-04', hukou: [{ area: '620102', from: '1986-05-04' }] },
      month: '2002-06',
    });
    expect(c.person.birthDate).toBe('1986-05-04');
    expect(() => assessEntitlement({ ...c, month: '2012-07' }, ruleset2026_1())).not.toThrow();
  });
});
