import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJsonLine } from '../../functions/policy/case-set.ts';
import {
  CSV_OPTIONS,
  parseCsvHeader,
  parseCsvRow,
  splitCsvLine,
} from '../../functions/policy/case-set-csv.ts';
import { readDraftText } from '../../functions/policy/draft-text.ts';
import { csvRow } from '../../functions/policy/report.ts';
import { runReplay } from '../../functions/policy/run-replay.ts';
import { syntheticIdNumber } from '../bench/generate-cases.ts';
import { nationalRaiseYaml } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'policy-case-set-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RAISE = nationalRaiseYaml('test');

const ID = syntheticIdNumber('620102', '1950-03-10', 11);

describe('JSON Lines case sets', () => {
  it('reports bad lines by number with the field at fault', () => {
    expect(parseJsonLine('{"person":', 3)).toMatchObject({ ok: false, bad: { line: 3 } });
    expect(parseJsonLine('[1]', 4)).toMatchObject({
      ok: false,
      bad: { line: 4, message: /one JSON object/ },
    });
    const bad = parseJsonLine(
      JSON.stringify({ person: { birthDate: '1950-13-01', hukou: [] }, month: '2020-01' }),
      5,
    );
    expect(bad).toMatchObject({ ok: false, bad: { line: 5, message: /^person\.birthDate: / } });
    const badRecorded = parseJsonLine(
      JSON.stringify({
        person: { birthDate: '1950-01-01', hukou: [] },
        month: '2020-01',
        recorded: { total: '5' },
      }),
      6,
    );
    expect(badRecorded).toMatchObject({ ok: false, bad: { message: /^recorded\.total: / } });
    const idRef = parseJsonLine(
      JSON.stringify({ person: { birthDate: '1950-01-01', hukou: [] }, month: '2020-01', ref: ID }),
      7,
    );
    expect(idRef).toMatchObject({ ok: false, bad: { message: /^ref: must not be an ID number/ } });
  });

  it('skips bad lines in a whole run, and the reports never carry an ID number', async () => {
    const good = (month: string) =>
      JSON.stringify({
        person: { idNumber: ID, birthDate: '1950-03-10', hukou: [{ area: '620102', from: '1950-03-10' }] },
        month,
      });
    const file = join(dir, 'cases.jsonl');
    writeFileSync(file, [good('2026-06'), '{oops', '', good('2026-13'), good('2026-05'), ''].join('\n'));
    const out = join(dir, 'out-jsonl');
    const { report } = await runReplay({
      casesPath: file,
      outDir: out,
      spec: {
        baseline: '2026.2',
        candidate: { draft: readDraftText(RAISE), draftName: 'raise.yaml' },
        today: '2026-12-01',
      },
      workers: 1,
      batchSize: 2,
      generatedAt: '2026-12-01T00:00:00Z',
    });
    expect(report.summary).toMatchObject({ cases: 2, changed: 2, errors: 2, monthlyCostDelta: '40.00' });
    expect(report.errorLines.map((e) => e.line)).toEqual([2, 4]);
    const csv = readFileSync(join(out, 'report.csv'), 'utf8');
    expect(csv.startsWith('\uFEFF行号,编号,案例键,地区代码,地区名称,')).toBe(true);
    expect(
      csv
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['1', '5']);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('规则变更测算报告');
    expect(html).toContain('<svg');
    for (const name of ['report.json', 'report.csv', 'report.html']) {
      expect(readFileSync(join(out, name), 'utf8')).not.toContain(ID.slice(0, 17));
    }
  });
});

describe('CSV case sets', () => {
  const header =
    'ref,idNumber,birthDate,deathDate,area,hukouFrom,restoredOn,contributions,statuses,accountBalance,accountBalanceAsOf,paidFrom,paidTo,paidMonthly,month,recordedMonth,recordedTotal,recordedArrears';

  it('maps the columns onto the contract case', () => {
    const h = parseCsvHeader(`\uFEFF${header}`);
    if ('message' in h) throw new Error(h.message);
    const row = parseCsvRow(
      h,
      `"GS-1, Lintao",${ID},1950-03-10,,620102,,2020-04-19,2011-2012:100.00;2013:200.00:100.00,registered-poor:2014-01-01:2021-01-01;minimum-living-allowance/2:2018-03-01,1390.00,2020-04-30,2020-05,2020-12,88.00,2020-12,2020-05,88.00,0.00`,
      2,
    );
    if (!row.ok) throw new Error(row.bad.message);
    expect(row.item).toEqual({
      line: 2,
      ref: 'GS-1, Lintao',
      input: {
        person: {
          idNumber: ID,
          birthDate: '1950-03-10',
          hukou: [{ area: '620102', from: '1950-03-10', restoredOn: '2020-04-19' }],
          statuses: [
            { kind: 'registered-poor', from: '2014-01-01', to: '2021-01-01' },
            { kind: 'minimum-living-allowance', class: 2, from: '2018-03-01' },
          ],
          contributions: [
            { year: 2011, personal: '100.00' },
            { year: 2012, personal: '100.00' },
            { year: 2013, personal: '200.00', governmentPaid: '100.00' },
          ],
          accountBalance: { amount: '1390.00', asOf: '2020-04-30' },
        },
        payments: [{ from: '2020-05', to: '2020-12', monthly: '88.00' }],
        month: '2020-12',
      },
      recorded: { month: '2020-05', total: '88.00', arrears: '0.00' },
    });
  });

  it('refuses unknown or missing columns, and a short row names its line', () => {
    expect(parseCsvHeader('birthDate,area,month,colour')).toEqual({
      line: 1,
      message: expect.stringMatching(/^header: column 4 is not a known column \(known: ref, idNumber, /),
    });
    expect(parseCsvHeader('birthDate,area')).toMatchObject({ message: /missing column\(s\) month/ });
    const h = parseCsvHeader('birthDate,area,month');
    if ('message' in h) throw new Error(h.message);
    expect(parseCsvRow(h, '1950-01-01,620102', 9)).toMatchObject({
      ok: false,
      bad: { line: 9, message: /2 fields/ },
    });
    expect(parseCsvRow(h, '1950-01-01,620102,2020-1', 10)).toMatchObject({
      ok: false,
      bad: { message: 'month (column 3): must be a month YYYY-MM' },
    });
  });

  it('reads quoted fields, and names a broken quote by its column without quoting the row', () => {
    const h = parseCsvHeader('ref,birthDate,area,month');
    if ('message' in h) throw new Error(h.message);
    const ok = parseCsvRow(h, ' "A ""1"", x" , 1950-03-10 ,620102,2026-06', 3);
    if (!ok.ok) throw new Error(ok.bad.message);
    expect(ok.item.ref).toBe('A "1", x');
    expect(ok.item.input.person.birthDate).toBe('1950-03-10');
    const bad = (text: string) => {
      const result = parseCsvRow(h, text, 4);
      if (result.ok) throw new Error('expected a bad row');
      expect(result.bad.line).toBe(4);
      expect(result.bad.message).not.toContain(ID.slice(0, 15));
      return result.bad.message;
    };
    expect(bad(`"${ID},1950-03-10,620102,2026-06`)).toBe('an unterminated quoted field');
    expect(bad(`A,"1950-03-10"${ID},620102,2026-06`)).toBe('a character after a closing quote at column 2');
    expect(bad(`"A"x,1950-03-10,620102,2026-06`)).toBe('a character after a closing quote at column 1');
    // A quote inside an unquoted field is kept as it is (then refused by the field's own rule).
    expect(bad('A,1950"03-10,620102,2026-06')).toBe(
      'person.birthDate (column 2): must be a date YYYY-MM-DD (+1 more)',
    );
  });

  it('splits a line without quotes exactly as csv-parse does', () => {
    const character = fc.constantFrom(
      ',',
      ' ',
      '\t',
      'a',
      'Z',
      '0',
      '9',
      '-',
      ':',
      ';',
      '.',
      '临',
      '洮',
      '\u3000',
      '\u00a0',
    );
    fc.assert(
      fc.property(fc.string({ unit: character, maxLength: 40 }), (text) => {
        expect(splitCsvLine(text)).toEqual(parse(text, CSV_OPTIONS)[0] ?? ['']);
      }),
      { numRuns: 2000, seed: 15 },
    );
  });

  it('imports a CSV file with a byte-order mark through a whole replay', async () => {
    const file = join(dir, 'cases.csv');
    writeFileSync(
      file,
      `\uFEFFref,birthDate,area,month,recordedTotal\r\nA-1,1950-03-10,620102,2026-06,203.00\r\nA-2,1950-03-10,620102,2026-06,150.00\r\nA-3,not-a-date,620102,2026-06,\r\n`,
    );
    const { report } = await runReplay({
      casesPath: file,
      outDir: join(dir, 'out-csv'),
      spec: {
        baseline: '2026.2',
        candidate: { draft: readDraftText(RAISE), draftName: 'raise.yaml' },
        today: '2026-12-01',
      },
      workers: 0,
      generatedAt: '2026-12-01T00:00:00Z',
    });
    expect(report.summary).toMatchObject({ cases: 2, changed: 2, errors: 1, mismatches: 1 });
    expect(report.errorLines).toEqual([{ line: 4, message: expect.stringMatching(/^person\.birthDate/) }]);
    expect(report.mismatches.shown[0]).toMatchObject({
      line: 3,
      ref: 'A-2',
      recorded: '150.00',
      baseline: '203.00',
    });
  });
});

describe('bad lines', () => {
  const body = (extra: Record<string, unknown> = {}, person: Record<string, unknown> = {}) => ({
    person: { birthDate: '1950-03-10', hukou: [{ area: '620102', from: '1950-03-10' }], ...person },
    month: '2026-06',
    ...extra,
  });
  const message = (result: ReturnType<typeof parseJsonLine>) => {
    if (result.ok) throw new Error('expected a bad line');
    return result.bad.message;
  };

  it('name the field path and the rule broken, never the text of the line (JSON Lines)', () => {
    const cases: [string, string | RegExp][] = [
      [
        `{"person": {"idNumber": ${ID}, "birthDate": "1950-03-10"`,
        /^the line is not valid JSON \(error at character \d+\)$/,
      ],
      [`${ID},1950-03-10,620102,2026-06`, /^the line is not valid JSON/],
      [
        JSON.stringify(body({ [ID]: 1 })),
        '[redacted]: is not a field the contract defines (allowed: person, payments, month, ruleset, ref, recorded)',
      ],
      [
        JSON.stringify(body({}, { [ID]: true })),
        /^person\.\[redacted\]: is not a field the contract defines \(allowed: idNumber, birthDate, /,
      ],
      [
        JSON.stringify(body({}, { statuses: [{ kind: ID, from: '2014-01-01' }] })),
        /^person\.statuses\[0\]\.kind: Invalid option: expected one of "registered-poor"/,
      ],
      [JSON.stringify(body({ month: ID })), 'month: must be a month YYYY-MM'],
      [JSON.stringify(body({ ref: ID })), 'ref: must not be an ID number (it appears in reports)'],
      [
        JSON.stringify(body({ recorded: { total: ID } })),
        'recorded.total: must be yuan with exactly two decimals',
      ],
      [
        JSON.stringify(body({}, { idNumber: ID.slice(0, 15) })),
        'person.idNumber: must be 18 characters: 17 digits, then a digit or X (GB 11643-1999)',
      ],
    ];
    for (const [line, expected] of cases) {
      const text = message(parseJsonLine(line, 2));
      expect(text).toEqual(typeof expected === 'string' ? expected : expect.stringMatching(expected));
      expect(text).not.toContain(ID.slice(0, 15));
    }
  });

  it('name the column and the rule broken, never the text of the row (CSV)', () => {
    const header = parseCsvHeader('ref,idNumber,birthDate,area,month,contributions,statuses,recordedTotal');
    if ('message' in header) throw new Error(header.message);
    const row = (text: string) => {
      const result = parseCsvRow(header, text, 7);
      if (result.ok) throw new Error('expected a bad row');
      expect(result.bad.line).toBe(7);
      return result.bad.message;
    };
    expect(row(`A,,1950-03-10,620102,2026-06,2012:${ID},,`)).toBe(
      'contributions (column 6): item 1 is not YEAR[-YEAR]:PERSONAL[:GOVERNMENT_PAID]',
    );
    expect(row(`A,,1950-03-10,620102,2026-06,2012:100.00;2030-2012:1.00,,`)).toBe(
      'contributions (column 6): item 2 is not a range of years',
    );
    expect(row(`A,,1950-03-10,620102,2026-06,,registered-poor:${ID},`)).toBe(
      'statuses (column 7): item 1 is not KIND[/CLASS]:FROM[:TO]',
    );
    // The hukou period starts on the birth date here, so it is wrong too: "(+1 more)".
    expect(row(`A,,${ID},620102,2026-06,,,`)).toBe(
      'person.birthDate (column 3): must be a date YYYY-MM-DD (+1 more)',
    );
    expect(row(`A,${ID.slice(0, 17)}0,1950-03-10,620102,2026-06,,,`)).toMatch(
      /^person\.idNumber \(column 2\): the check digit is wrong/,
    );
    expect(row(`A,,1950-03-10,${ID},2026-06,,,`)).toBe(
      'person.hukou[0].area (column 4): must be a 6-digit administrative division code (GB/T 2260)',
    );
    expect(row(`A,,1950-03-10,620102,2026-06,,,${ID}`)).toBe(
      'recorded.total (column 8): must be yuan with exactly two decimals',
    );
    expect(row(`${ID},,1950-03-10,620102,2026-06,,,`)).toBe(
      'ref (column 1): must not be an ID number (it appears in reports)',
    );
    const noHeader = parseCsvHeader(`${ID},1950-03-10,620102,2026-06`);
    expect(noHeader).toEqual({
      line: 1,
      message: expect.stringMatching(/^header: columns 1, 2, 3, 4 are not known columns \(known: /),
    });
    expect(JSON.stringify(noHeader)).not.toContain(ID.slice(0, 15));
  });
});

describe('refs and report.csv', () => {
  const entry = (ref: string) =>
    parseJsonLine(
      JSON.stringify({ ref, person: { birthDate: '1950-03-10', hukou: [] }, month: '2026-06' }),
      3,
    );

  it.each([
    ['a tab', 'GS\t1', 3],
    ['a line feed', 'GS-1\n', 5],
    ['a carriage return', '\rGS-1', 1],
    ['a NUL', 'GS\u00001', 3],
    ['DEL', 'GS\u007f', 3],
    ['a C1 control', 'GS\u0085', 3],
  ])('a ref with %s is refused, the field and the place named', (_what, ref, at) => {
    expect(entry(ref)).toEqual({
      ok: false,
      bad: { line: 3, message: `ref: must not contain control characters (character ${at} is one)` },
    });
  });

  it.each(['202A', '202B', '202C', '202D', '202E', '2066', '2067', '2068', '2069', '200E', '200F', '061C'])(
    'a ref with the bidirectional control U+%s is refused',
    (code) => {
      expect(entry(`GS-${String.fromCodePoint(Number.parseInt(code, 16))}1`)).toEqual({
        ok: false,
        bad: {
          line: 3,
          message: 'ref: must not contain bidirectional-text controls such as U+202E (character 4 is one)',
        },
      });
    },
  );

  it('a ref in plain text, Chinese included, is kept as written', () => {
    expect(entry('临洮县-2020-0001 (复核)')).toMatchObject({
      ok: true,
      item: { ref: '临洮县-2020-0001 (复核)' },
    });
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', '"\'\r=1+1"'],
    ['\n=1+1', '"\'\n=1+1"'],
    ['GS-1', 'GS-1'],
  ])('report.csv writes the ref %j as %j (no spreadsheet formula)', (ref, field) => {
    const row = csvRow(
      {
        line: 2,
        ref,
        key: '0123456789abcdef',
        area: '620102',
        ageBand: '75-79',
        month: '2026-06',
        baselineEligible: true,
        candidateEligible: true,
        baselineMonthly: 20300,
        candidateMonthly: 22300,
        baselineArrears: 0,
        candidateArrears: 0,
        componentDeltas: [2000, 0, 0, 0],
      },
      () => '城关区',
    );
    expect(row.startsWith(`2,${field},0123456789abcdef,`)).toBe(true);
  });
});
