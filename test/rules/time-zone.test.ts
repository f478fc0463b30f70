/**
 * The engine never reads the clock or the host's zone, so every result is the same under TZ=UTC,
 * Asia/Shanghai and America/Los_Angeles. This is checked by running a fixed set of calculations
 * (every golden case, and a fixed sample of generated cases under each published ruleset:
 * ./zone-results.ts) in a process of each zone and comparing every result's hash with this
 * process's, whatever its own zone; each child reports its UTC offsets, so the comparison cannot pass
 * vacuously in a zone that was not applied. This file also pins results around the zones' awkward dates.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { assessArrears, assessEntitlement } from '../../rules/index.ts';
import { kase, ruleset2026_1 } from './helpers.ts';
import { type ZoneResults, zoneResults } from './zone-results.ts';

const run = promisify(execFile);
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./zone-results.ts', import.meta.url));
/** Generated cases per published ruleset, each through the three calculations. */
const SAMPLE = 250;

/** Minutes behind UTC on 2020-01-01 and on 1988-07-01 (China's daylight saving, 1986–1991). */
const OFFSETS: Record<string, readonly [number, number]> = {
  UTC: [0, 0],
  'Asia/Shanghai': [-480, -540],
  'America/Los_Angeles': [480, 420],
};

async function inZone(zone: string): Promise<ZoneResults> {
  const { stdout } = await run(TSX, [SCRIPT, String(SAMPLE)], {
    env: { ...process.env, TZ: zone },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as ZoneResults;
}

describe('time zones', () => {
  it('gives the same result for every golden and generated case in UTC, Asia/Shanghai and America/Los_Angeles', {
    timeout: 120_000,
  }, async () => {
    const here = zoneResults(SAMPLE);
    expect(here.hashes.length).toBeGreaterThan(1000);
    const zones = Object.keys(OFFSETS);
    const results = await Promise.all(zones.map(inZone));
    for (const [i, zone] of zones.entries()) {
      const there = results[i] as ZoneResults;
      expect(there.zone).toBe(zone);
      expect(there.offsets).toEqual(OFFSETS[zone]);
      expect(there.hashes).toEqual(here.hashes);
    }
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
    // 1986-05-04 began DST in China: a local midnight that did not exist in Shanghai. The 60th
    // birthday is 2046-05-04, so the pension starts in June 2046, not a month either side.
    const c = kase({
      person: {
        birthDate: '1986-05-04',
        hukou: [{ area: '620102', from: '1986-05-04' }],
        contributions: Array.from({ length: 15 }, (_, i) => ({ year: 2010 + i, personal: '100.00' })),
      },
      month: '2046-05',
    });
    expect(c.person.birthDate).toBe('1986-05-04');
    const may = assessEntitlement(c, ruleset2026_1());
    expect(may.eligible).toBe(false);
    expect(may.reasons.map((r) => r.code)).toEqual(['UNDER_60']);
    const june = assessEntitlement({ ...c, month: '2046-06' }, ruleset2026_1());
    expect(june.eligible).toBe(true);
    expect(june.reasons).toEqual([]);
  });
});
