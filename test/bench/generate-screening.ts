/**
 * npm run gen:screening -- --out DIR [--n N] [--seed S] [--month YYYY-MM]
 * Synthetic lists for a coverage screening (docs/screening.md): a hukou roster of N persons across
 * eight Gansu counties, hardship lists (one of them a GBK export with Chinese headers and values),
 * the pension roll and exclusion lists in proportion, with planted persons of every class and every
 * data problem and a few bad rows. `planted.json` lists what a screening must find for each planted
 * person (by synthetic ID number; the lists are made up and name no real resident).
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { randomSource, syntheticIdNumber } from './generate-cases.ts';

export const SCREENING_AREAS = [
  '620502',
  '620503',
  '620602',
  '620722',
  '621126',
  '621124',
  '620102',
  '620421',
];

export interface PlantedCase {
  readonly id: string;
  /** What the screening must report: a class, with its reason or problem where it has one. */
  readonly class: string;
  readonly reason?: string;
  readonly problem?: string;
  readonly note: string;
}

export interface PlantedBadRow {
  readonly source: string;
  readonly line: number;
  readonly column?: string;
}

export const SCREENING_FILES = {
  hukou: 'hukou.csv',
  hardship: ['hardship-poor.csv', 'hardship-dibao-gbk.csv'],
  roll: 'roll.csv',
  exclusions: ['exclusions-students.csv', 'exclusions-other.jsonl'],
} as const;

/** The lists of a generated folder as `npm run screen` takes them: --hukou F --hardship F … */
export function screenListArgs(dir: string): string[] {
  return [
    '--hukou',
    join(dir, SCREENING_FILES.hukou),
    ...SCREENING_FILES.hardship.flatMap((f) => ['--hardship', join(dir, f)]),
    '--roll',
    join(dir, SCREENING_FILES.roll),
    ...SCREENING_FILES.exclusions.flatMap((f) => ['--exclusions', join(dir, f)]),
  ];
}

/** GBK bytes of a string (Node's TextEncoder only writes UTF-8): a reverse table of the GBK decoder. */
let gbkTable: Map<string, number[]> | undefined;
export function encodeGbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gbk', { fatal: true });
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        try {
          const ch = decoder.decode(new Uint8Array([lead, trail]));
          if (!gbkTable.has(ch)) gbkTable.set(ch, [lead, trail]);
        } catch {
          // not a GBK character
        }
      }
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = gbkTable.get(ch);
      if (!pair) throw new Error(`no GBK code for ${ch}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

class Out {
  private readonly fd: number;
  private buffer = '';
  line = 0;
  constructor(path: string, header?: string) {
    this.fd = openSync(path, 'w');
    if (header !== undefined) this.add(header);
  }
  /** Adds a line; answers its line number. */
  add(text: string): number {
    this.buffer += `${text}\n`;
    if (this.buffer.length > 1 << 20) this.flush();
    return ++this.line;
  }
  flush(): void {
    writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export interface GeneratedScreening {
  readonly dir: string;
  readonly planted: readonly PlantedCase[];
  readonly badRows: readonly PlantedBadRow[];
  readonly month: string;
}

export function generateScreening(options: {
  out: string;
  n: number;
  seed?: number;
  month?: string;
}): GeneratedScreening {
  const { out, n } = options;
  const month = options.month ?? '2026-06';
  const year = Number(month.slice(0, 4));
  const random = randomSource(options.seed ?? 1);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  mkdirSync(out, { recursive: true });
  const used = new Set<string>();
  const newId = (area: string, birth: string) => {
    for (;;) {
      const id = syntheticIdNumber(area, birth, int(1, 999));
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };

  const hukou = new Out(
    join(out, SCREENING_FILES.hukou),
    'idNumber,birthDate,area,township,registeredOn,status,cancelledOn,restoredOn',
  );
  const poor = new Out(join(out, SCREENING_FILES.hardship[0]), 'idNumber,kind,from,to');
  const dibaoRows: string[] = ['身份证号,类别,起始日期,终止日期,低保类别'];
  const roll = new Out(
    join(out, SCREENING_FILES.roll),
    'idNumber,birthDate,enrolledOn,contributionYears,drawingSince,governmentPaidYears',
  );
  const students = new Out(join(out, SCREENING_FILES.exclusions[0]), 'idNumber,reason,from,to');
  const other = new Out(join(out, SCREENING_FILES.exclusions[1]));

  const hukouRow = (
    id: string,
    birth: string,
    area: string,
    extra: Partial<Record<'status' | 'cancelledOn' | 'restoredOn' | 'registeredOn', string>> = {},
  ) =>
    hukou.add(
      [
        id,
        birth,
        area,
        `${area}${pad(int(1, 12), 3)}`,
        extra.registeredOn ?? birth,
        extra.status ?? 'normal',
        extra.cancelledOn ?? '',
        extra.restoredOn ?? '',
      ].join(','),
    );
  const rollRow = (
    id: string,
    birth: string,
    years: number,
    drawingSince = '',
    paid: number[] = [],
    birthShown = birth,
  ) =>
    roll.add(
      [
        id,
        birthShown,
        `${Math.max(2011, Number(birth.slice(0, 4)) + 16)}-01-01`,
        years,
        drawingSince,
        paid.join(';'),
      ].join(','),
    );

  // The background population: most enrolled, the old drawing from the month they were owed (so
  // that a run finds mostly the planted cases and what random hardship and exclusions imply).
  for (let i = 0; i < n; i++) {
    const area = SCREENING_AREAS[i % SCREENING_AREAS.length] as string;
    const by = int(1935, 2012);
    const birth = `${by}-${pad(int(1, 12))}-${pad(int(1, 28))}`;
    const id = newId(area, birth);
    hukouRow(id, birth, area);
    const age = year - by;
    const r = random();
    if (age >= 16 && r < 0.85) {
      const drawing = age > 60 ? `${Math.max(2011, by + 60)}-${pad(int(1, 12))}` : '';
      rollRow(id, birth, Math.min(15, Math.max(0, age - 16)), drawing);
    }
    const h = random();
    if (h < 0.05) poor.add([id, 'registered-poor', `${Math.max(by, 2014)}-03-01`, '2021-01-01'].join(','));
    else if (h < 0.08)
      dibaoRows.push([id, '低保', `${Math.max(by + 1, 2019)}-05-01`, '', String(int(1, 4))].join(','));
    const e = random();
    if (age >= 16 && age < 24 && e < 0.3) students.add([id, 'student', `${by + 18}-09-01`, ''].join(','));
    else if (e < 0.01)
      other.add(JSON.stringify({ idNumber: id, reason: 'deceased', from: `${year - 1}-0${int(1, 9)}-15` }));
  }

  // Planted persons, in Qinzhou (620502) unless said otherwise.
  const planted: PlantedCase[] = [];
  const plant = (c: PlantedCase) => planted.push(c);
  const A = '620502';
  const born = (y: number, md = '03-15') => `${y}-${md}`;

  let b = born(year - 30);
  let id = newId(A, b);
  hukouRow(id, b, A);
  plant({ id, class: 'should-enrol', note: 'aged 30, hukou, not on the roll' });

  b = born(year - 40);
  id = newId(A, b);
  hukouRow(id, b, A);
  rollRow(id, b, 5, '', [year - 2, year - 1]);
  poor.add([id, 'extreme-hardship', '2020-01-01', ''].join(','));
  plant({ id, class: 'premium-due', note: '特困 since 2020, enrolled, this year not government-paid' });

  b = born(year - 35, '07-01');
  id = newId(A, b);
  hukouRow(id, b, A);
  rollRow(id, b, 8, '', [year - 1]);
  dibaoRows.push([id, '低保', '2022-01-01', '', '1'].join(','));
  plant({ id, class: 'premium-due', note: '低保 class 1 (listed in the GBK file), enrolled' });

  // Already 60 when the scheme started in 2011, so no contribution years are needed.
  b = born(year - 80, '01-10');
  id = newId(A, b);
  hukouRow(id, b, A);
  plant({ id, class: 'should-draw', note: 'aged 80, never enrolled, never paid' });
  plant({ id, class: 'back-pay-due', note: 'the months owed before this one' });

  b = born(year - 66, '02-20');
  id = newId(A, b);
  hukouRow(id, b, A);
  rollRow(id, b, 15, `${year}-01`);
  plant({ id, class: 'back-pay-due', note: 'drawing only since January, owed since 60' });

  b = born(1950, '05-05');
  id = newId('620503', b);
  hukouRow(id, b, '620503', { status: 'restored', restoredOn: `${year - 1}-10-01` });
  rollRow(id, b, 0, `${year - 1}-11`);
  plant({
    id,
    class: 'back-pay-due',
    note: 'hukou restored last October, paid from November: back pay to its start',
  });

  const excluded = (reason: string, code: string, age: number, file: 'students' | 'other', from: string) => {
    const birth = born(year - age, '06-06');
    const pid = newId(A, birth);
    hukouRow(pid, birth, A);
    if (file === 'students') students.add([pid, reason, from, ''].join(','));
    else other.add(JSON.stringify({ idNumber: pid, reason, from }));
    plant({ id: pid, class: 'excluded', reason: code, note: `${reason} since ${from}` });
  };
  excluded('student', 'STUDENT', 19, 'students', `${year - 1}-09-01`);
  excluded('college-admission', 'STUDENT', 18, 'students', `${year}-03-01`);
  excluded('imprisoned', 'IMPRISONED', 35, 'other', `${year - 2}-04-01`);
  excluded('employee-pension', 'EMPLOYEE_PENSION', 45, 'other', '2015-01-01');
  excluded('active-military', 'ACTIVE_MILITARY', 22, 'other', `${year - 3}-09-01`);
  excluded('settled-abroad', 'SETTLED_ABROAD', 50, 'other', '2019-07-01');
  excluded('deceased', 'DECEASED', 55, 'other', `${year - 1}-02-10`);

  // Data problems: a wrong check digit, a person registered twice, a birth date that differs between
  // lists, a person in hardship with no hukou (for the police).
  b = born(year - 28);
  id = newId(A, b);
  const last = id.charAt(17);
  const wrong = `${id.slice(0, 17)}${last === '0' ? '1' : '0'}`;
  hukouRow(wrong, b, A);
  plant({ id: wrong, class: 'data-problem', problem: 'invalid-id', note: 'wrong check digit' });

  b = born(year - 33);
  id = newId(A, b);
  hukouRow(id, b, A);
  hukouRow(id, b, '620503');
  plant({ id, class: 'data-problem', problem: 'duplicate', note: 'twice in the hukou roster' });

  b = born(year - 44, '08-08');
  id = newId(A, b);
  hukouRow(id, b, A);
  rollRow(id, b, 10, '', [], born(year - 44, '08-18'));
  plant({ id, class: 'data-problem', problem: 'birth-date-mismatch', note: 'the roll says the 18th' });

  b = born(year - 38);
  id = newId('621126', b);
  poor.add([id, 'registered-poor', '2016-01-01', ''].join(','));
  plant({ id, class: 'data-problem', problem: 'hardship-without-hukou', note: 'refer to the police' });

  // Bad rows, reported by file and line: a date that is not one, a line that is not JSON.
  const badRows: PlantedBadRow[] = [];
  b = born(year - 25);
  id = newId(A, b);
  badRows.push({
    source: SCREENING_FILES.hardship[0],
    line: poor.add([id, 'registered-poor', '2019-02-30', ''].join(',')),
    column: 'from',
  });
  badRows.push({ source: SCREENING_FILES.exclusions[1], line: other.add('{"idNumber": "not closed"') });

  hukou.close();
  poor.close();
  roll.close();
  students.close();
  other.close();
  // An older system's export: GBK, Chinese headers and values.
  writeFileSync(join(out, SCREENING_FILES.hardship[1]), encodeGbk(`${dibaoRows.join('\r\n')}\r\n`));
  writeFileSync(join(out, 'planted.json'), `${JSON.stringify({ month, planted, badRows }, null, 2)}\n`);
  return { dir: out, planted, badRows, month };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      n: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      month: { type: 'string', default: '2026-06' },
    },
  });
  if (!values.out) {
    process.stderr.write('usage: npm run gen:screening -- --out DIR [--n N] [--seed S] [--month YYYY-MM]\n');
    process.exit(2);
  }
  const generated = generateScreening({
    out: values.out,
    n: Number(values.n),
    seed: Number(values.seed),
    month: values.month,
  });
  process.stdout.write(
    `${generated.planted.length} planted persons and ${Number(values.n)} others in ${values.out}\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
