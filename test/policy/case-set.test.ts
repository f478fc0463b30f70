import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJsonLine } from '../../functions/policy/case-set.ts';
import { parseCsvHeader, parseCsvRow } from '../../functions/policy/case-set-csv.ts';
import { readDraftText } from '../../functions/policy/draft-text.ts';
import { runReplay } from '../../functions/policy/run-replay.ts';
import { syntheticIdNumber } from '../bench/generate-cases.ts';

const dir = mkdtempSync(join(tmpdir(), 'policy-case-set-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RAISE = `base: "2026.2"
changes:
  - parameter: basic-pension.national-minimum
    area: national
    values:
      - { from: "2026-01-01", value: "183.00", source: { note: test }, provisional: false }
`;

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
    expect(csv.startsWith('\uFEFFline,ref,key,')).toBe(true);
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
    expect(parseCsvHeader('birthDate,area,month,colour')).toMatchObject({
      line: 1,
      message: /unknown column\(s\) colour/,
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
      bad: { message: /^month: / },
    });
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
