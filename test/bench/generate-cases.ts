/**
 * Synthetic Gansu cases as JSON Lines, for the benchmarks, the batch CLI and policy replays:
 *
 *   npm run gen -- --n 100000 [--seed 1] [--kind entitlement|arrears|replay] [--month YYYY-MM] [--out FILE]
 *
 * `--month` asks every case about that month (ages, statuses and payments are drawn around it), for
 * a replay of what a change costs now rather than at each case's own month.
 *
 * Deterministic for a seed (same seed, same bytes). The cases are realistic in shape, not in
 * statistics: ages 16–100, hukou in the covered Gansu counties (the seed's counties weighted up),
 * moves between counties, restored hukou (恢复户籍), hardship statuses, suspensions, deaths,
 * contributions year by year, account balances and payments, months 2012–2026. `--kind arrears`
 * makes ~10-year arrears windows (entitlement that began about ten years before `month`).
 * ID numbers, when present, are synthetic: a listed area code, the birth date, a random order
 * code and a correct GB 11643-1999 check character; they belong to nobody on purpose.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { getRegistry } from '../../functions/shared/registry.ts';
import type { Case, StatusKind } from '../../rules/index.ts';

/**
 * `replay` is the case set a rule change is replayed against: every county equally (so every
 * prefecture), months from the scheme's start (2009-10) to 2026, ages 16–105 with the very old
 * well represented, more restored hukou, and every hardship status, 低保 with its class.
 */
export type CaseKind = 'entitlement' | 'arrears' | 'replay';
const CASE_KINDS: readonly CaseKind[] = ['entitlement', 'arrears', 'replay'];

/** sfc32: small, fast and good enough; seeded through splitmix32 so nearby seeds differ. */
export function randomSource(seed: number): () => number {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) =>
  m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;

/** A day as an integer count since 0000-03-01 would be overkill: dates here are (y, m, d) triples. */
interface Day {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}
const fmtDay = (x: Day) => `${x.y}-${pad2(x.m)}-${pad2(x.d)}`;
const fmtMonth = (ym: number) => `${Math.floor(ym / 12)}-${pad2((ym % 12) + 1)}`;
const monthIndex = (x: Day) => x.y * 12 + x.m - 1;
const cmpDay = (a: Day, b: Day) => a.y - b.y || a.m - b.m || a.d - b.d;
const firstOf = (ym: number): Day => ({ y: Math.floor(ym / 12), m: (ym % 12) + 1, d: 1 });

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A synthetic 公民身份号码 with a correct check character (GB 11643-1999, ISO 7064 MOD 11-2). */
export function syntheticIdNumber(area: string, birth: string, order: number): string {
  const body = `${area}${birth.replaceAll('-', '')}${String(order).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (body.charCodeAt(i) - 48) * (ID_WEIGHTS[i] as number);
  return body + ID_CHECK.charAt(sum % 11);
}

const HARDSHIP = [
  'registered-poor',
  'minimum-living-allowance',
  'extreme-hardship',
  'severe-disability',
  'returned-to-poverty',
] as const;
/** A replay set also has the statuses ruleset 2026.2 added. */
const REPLAY_HARDSHIP = [...HARDSHIP, 'family-planning-household', 'lifted-out-of-poverty'] as const;
const TIERS = ['100.00', '200.00', '300.00', '400.00', '500.00', '600.00', '800.00', '1000.00', '2000.00'];
const TIER_WEIGHTS = [55, 15, 10, 5, 5, 3, 3, 3, 1];
/** The counties the seed article names get more people (Qinzhou, Maiji, Liangzhou, Minle, Min, Lintao). */
const SEED_AREAS = new Set(['620502', '620503', '620602', '620722', '621126', '621124']);

function money(fen: number): string {
  return `${Math.floor(fen / 100)}.${pad2(fen % 100)}`;
}

export class CaseGenerator {
  private readonly random: () => number;
  private readonly areas: string[];
  private readonly areaCumulative: number[];
  private readonly areaTotal: number;

  constructor(
    seed: number,
    readonly kind: CaseKind,
    areas: readonly string[],
    /** Every case's month (a month index, year × 12 + month − 1), instead of one drawn per case. */
    private readonly fixedMonth?: number,
  ) {
    this.random = randomSource(seed);
    // County-level codes only (a person's hukou is in a county or district); seed counties ×8,
    // except in a replay set, which weighs every county alike.
    // A prefecture-level city without counties (Jiayuguan, 620200) is itself where hukou is kept.
    this.areas = areas.filter(
      (a) =>
        !a.endsWith('00') ||
        (!a.endsWith('0000') && !areas.some((b) => b !== a && b.startsWith(a.slice(0, 4)))),
    );
    let total = 0;
    this.areaCumulative = this.areas.map((a) => {
      total += SEED_AREAS.has(a) && kind !== 'replay' ? 8 : 1;
      return total;
    });
    this.areaTotal = total;
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private area(): string {
    const x = this.random() * this.areaTotal;
    let lo = 0;
    let hi = this.areaCumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.areaCumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.areas[lo] as string;
  }

  private tier(): string {
    let x = this.random() * 100;
    for (let i = 0; i < TIERS.length; i++) {
      x -= TIER_WEIGHTS[i] as number;
      if (x < 0) return TIERS[i] as string;
    }
    return TIERS[0] as string;
  }

  /** A day in [from, to] (months inclusive), any day of the month. */
  private dayIn(fromMonth: number, toMonth: number): Day {
    const ym = this.int(fromMonth, Math.max(fromMonth, toMonth));
    const y = Math.floor(ym / 12);
    const m = (ym % 12) + 1;
    return { y, m, d: this.int(1, daysIn(y, m)) };
  }

  next(): Case {
    const arrears = this.kind === 'arrears';
    const replay = this.kind === 'replay';
    // The month asked about: 2012–2026 (entitlement); 2021–2026 for ~10-year arrears windows;
    // 2009-10 to 2026-11 for a replay.
    const month =
      this.fixedMonth !== undefined
        ? this.fixedMonth
        : arrears
          ? this.int(2021 * 12, 2026 * 12 + 10)
          : replay
            ? this.int(2009 * 12 + 9, 2026 * 12 + 10)
            : this.int(2012 * 12, 2026 * 12 + 11);
    // Age at `month`: spread 16–100; for arrears, pension age reached about ten years before; for a
    // replay, half of them 60–105 so that every old-age tier is well represented.
    const age = arrears
      ? this.chance(0.8)
        ? this.int(69, 71)
        : this.int(60, 95)
      : replay && this.chance(0.5)
        ? this.int(60, 105)
        : this.int(16, 100);
    const birthMonth = month - age * 12 - this.int(0, 11);
    const birthY = Math.floor(birthMonth / 12);
    // A few 29 February birthdays, the awkward case of every age rule.
    const birth: Day =
      isLeap(birthY) && this.chance(0.01) ? { y: birthY, m: 2, d: 29 } : this.dayIn(birthMonth, birthMonth);
    const birthDate = fmtDay(birth);
    const home = this.area();

    // Hukou: born (or moved) into a county, perhaps moved within Gansu once or twice.
    const hukou: Case['person']['hukou'] = [];
    const moves = this.chance(0.75) ? 0 : this.chance(0.8) ? 1 : 2;
    let from = birth;
    let area = home;
    for (let i = 0; i <= moves; i++) {
      const last = i === moves;
      if (last) {
        hukou.push({ area, from: fmtDay(from) });
        break;
      }
      const to = this.dayIn(monthIndex(from) + 12, Math.max(monthIndex(from) + 12, month - 6));
      hukou.push({ area, from: fmtDay(from), to: fmtDay(to) });
      from = to;
      area = this.area();
    }
    // 恢复户籍: the current registration was lost and restored (the 2020 Gansu clean-up), ~4 %.
    const current = hukou[hukou.length - 1] as Case['person']['hukou'][number];
    if (this.chance(replay ? 0.1 : 0.04)) {
      const restored = this.dayIn(
        Math.max(monthIndex(from) + 1, 2012 * 12),
        Math.max(monthIndex(from) + 1, 2012 * 12, month),
      );
      if (cmpDay(restored, from) >= 0) (current as { restoredOn?: string }).restoredOn = fmtDay(restored);
    }

    const statuses: NonNullable<Case['person']['statuses']> = [];
    const addStatus = (kind: StatusKind, s: Day, e?: Day) => {
      if (cmpDay(s, birth) < 0) return;
      if (e !== undefined && cmpDay(e, s) <= 0) return;
      const living = replay && kind === 'minimum-living-allowance' ? { class: this.int(1, 4) } : {};
      statuses.push({ kind, from: fmtDay(s), ...(e ? { to: fmtDay(e) } : {}), ...living });
    };
    // Hardship (精准扶贫 2014–2020, 低保, 特困, 重残, 返贫; in a replay also 计生两证户, 已脱贫).
    const hardshipKinds = replay ? REPLAY_HARDSHIP : HARDSHIP;
    if (this.chance(replay ? 0.3 : 0.18)) {
      const kind = hardshipKinds[this.int(0, hardshipKinds.length - 1)] as (typeof hardshipKinds)[number];
      const s = this.dayIn(Math.min(2010 * 12, month), Math.min(2022 * 12, month));
      addStatus(kind, s, this.chance(0.6) ? this.dayIn(monthIndex(s) + 6, monthIndex(s) + 84) : undefined);
    }
    if (age < 25 && this.chance(0.4)) {
      addStatus('student', this.dayIn(birthMonth + 16 * 12, birthMonth + 18 * 12));
    }
    if (this.chance(0.03)) addStatus('employee-pension', this.dayIn(2010 * 12, month));
    if (this.chance(0.005)) {
      const s = this.dayIn(2012 * 12, month);
      addStatus(
        'imprisoned',
        s,
        this.chance(0.7) ? this.dayIn(monthIndex(s) + 3, monthIndex(s) + 60) : undefined,
      );
    }
    if (age >= 60 && this.chance(0.04)) {
      // 生存认证: a suspension, closed (verified later, paid as arrears) or still open.
      const s = this.dayIn(Math.max(2015 * 12, month - 48), month);
      addStatus(
        'survival-unverified',
        s,
        this.chance(0.6) ? this.dayIn(monthIndex(s) + 1, monthIndex(s) + 18) : undefined,
      );
    }
    if (this.chance(0.002)) addStatus('settled-abroad', this.dayIn(2012 * 12, month));

    // Death: some of the old die inside the window (the month of death is paid; later ones are overpaid).
    let death: Day | undefined;
    if (age >= 70 && this.chance(arrears ? 0.08 : 0.05)) {
      death = this.dayIn(Math.max(month - 36, birthMonth + 60 * 12), month);
    }

    // Contributions: a year-by-year record from the scheme's start or the 16th birthday, until 60.
    const contributions: NonNullable<Case['person']['contributions']> = [];
    const firstYear = Math.max(2010, birth.y + 16);
    const lastYear = Math.min(Math.floor(month / 12), birth.y + 59);
    const payer = this.random();
    const hardship = statuses.find((s) => (hardshipKinds as readonly string[]).includes(s.kind));
    let balance = 0;
    for (let year = firstYear; year <= lastYear; year++) {
      const poor =
        hardship !== undefined &&
        hardship.from <= `${year}-12-31` &&
        (hardship.to === undefined || hardship.to > `${year}-01-01`);
      if (poor && year >= 2014) {
        contributions.push({ year, personal: '0.00', governmentPaid: '100.00', subsidy: '30.00' });
        balance += 13000;
      } else if (this.random() < payer) {
        const personal = this.tier();
        const subsidy = Number(personal) >= 500 ? '60.00' : '30.00';
        contributions.push({ year, personal, subsidy, ...(this.chance(0.05) ? { makeUp: true } : {}) });
        balance += Math.round(Number(personal) * 100) + Math.round(Number(subsidy) * 100);
      }
    }
    // Those within 15 years of 60 at launch often made up missing years in one go (补缴).
    if (
      birth.y + 60 >= 2012 &&
      birth.y + 60 < 2027 &&
      contributions.length < 5 &&
      this.chance(arrears ? 0.95 : 0.5)
    ) {
      const year = Math.min(Math.floor(month / 12), birth.y + 59);
      if (year >= birth.y && !contributions.some((c) => c.year === year)) {
        contributions.push({ year, personal: '1500.00', subsidy: '30.00', makeUp: true });
        balance += 153000;
      }
    }
    contributions.sort((a, b) => a.year - b.year);

    const person: Case['person'] = { birthDate, hukou };
    if (this.chance(0.3)) {
      (person as { idNumber?: string }).idNumber = syntheticIdNumber(home, birthDate, this.int(1, 999));
    }
    if (death) (person as { deathDate?: string }).deathDate = fmtDay(death);
    if (statuses.length > 0) (person as { statuses?: unknown }).statuses = statuses;
    if (contributions.length > 0) (person as { contributions?: unknown }).contributions = contributions;
    if (age >= 60 && balance > 0 && this.chance(0.8)) {
      // The rights record at the benefit start: contributions plus a little interest.
      const asOf = firstOf(Math.min(month, birthMonth + 60 * 12 + 1));
      const amount = Math.round(balance * (1 + this.random() * 0.25));
      (person as { accountBalance?: unknown }).accountBalance = {
        amount: money(amount),
        asOf: fmtDay(cmpDay(asOf, birth) < 0 ? birth : asOf),
      };
    }

    const result: Case = { person, month: fmtMonth(month) };
    // Payments already made: arrears windows are partly paid; a few keep being paid after death.
    if (arrears && this.chance(0.6)) {
      const payFrom = this.int(month - 96, month - 12);
      const payTo = this.chance(0.7) ? month : this.int(payFrom, month);
      const monthly = this.int(100, 260) * 100;
      (result as { payments?: unknown }).payments = [
        { from: fmtMonth(payFrom), to: fmtMonth(payTo), monthly: money(monthly) },
      ];
    }
    if (!replay && this.chance(0.2)) (result as { ruleset?: string }).ruleset = '2026.1';
    return result;
  }
}

async function write(out: WriteStream | NodeJS.WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      kind: { type: 'string', default: 'entitlement' },
      month: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const n = Number(values.n);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(n) || n < 0 || !Number.isSafeInteger(seed)) {
    process.stderr.write(
      'usage: npm run gen -- --n N [--seed S] [--kind entitlement|arrears|replay] [--month YYYY-MM] [--out FILE]\n',
    );
    process.exit(2);
  }
  const kind = CASE_KINDS.find((k) => k === values.kind);
  if (kind === undefined) {
    process.stderr.write(`--kind must be ${CASE_KINDS.join(', ')}, not ${values.kind}\n`);
    process.exit(2);
  }
  const areas = getRegistry()
    .latest.coveredAreas()
    .map((a) => a.code);
  const fixed = values.month === undefined ? undefined : /^(\d{4})-(0[1-9]|1[0-2])$/.exec(values.month);
  if (fixed === null) {
    process.stderr.write(`--month must be YYYY-MM, not ${values.month}\n`);
    process.exit(2);
  }
  const generator = new CaseGenerator(
    seed,
    kind,
    areas,
    fixed ? Number(fixed[1]) * 12 + Number(fixed[2]) - 1 : undefined,
  );
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += `${JSON.stringify(generator.next())}\n`;
    if (chunk.length > 1 << 16) {
      await write(out, chunk);
      chunk = '';
    }
  }
  await write(out, chunk);
  if (out !== process.stdout) await new Promise<void>((resolve) => (out as WriteStream).end(resolve));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
