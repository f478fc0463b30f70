/**
 * Reading one list: UTF-8 or GBK (and neither, refused), Chinese or English headers, a header
 * without a required column refused, every bad row named by line and column without its text, an
 * invalid ID number kept as a data problem, and ID numbers never in a record.
 */
import { describe, expect, it } from 'vitest';
import type { BadRow, ScreeningRecord } from '../../functions/screening/lists.ts';
import { badRowsCsv } from '../../functions/screening/output.ts';
import { type ListFormat, readList } from '../../functions/screening/read-list.ts';
import { pseudonymOf } from '../../functions/shared/pseudonym.ts';
import { syntheticIdNumber } from '../bench/generate-cases.ts';
import { encodeGbk } from '../bench/generate-screening.ts';
import { TEST_KEY } from './planted.ts';

const ID = syntheticIdNumber('620502', '1980-03-15', 12);
const OTHER = syntheticIdNumber('620502', '1990-07-01', 34);

async function read(
  kind: 'hukou' | 'hardship' | 'roll' | 'exclusions',
  bytes: Buffer,
  format: ListFormat = 'csv',
) {
  const records: ScreeningRecord[] = [];
  const bad: BadRow[] = [];
  const result = await readList(
    {
      kind,
      name: `list.${format}`,
      format,
      // Two chunks, split inside a line (and, for GBK, possibly inside a character).
      bytes: async function* () {
        yield bytes.subarray(0, 7);
        yield bytes.subarray(7);
      },
    },
    TEST_KEY,
    { record: (r) => records.push(r), bad: (b) => bad.push(b) },
  );
  return { result, records, bad };
}

describe('readList', () => {
  it('reads a GBK export with Chinese headers and values, and says it was GBK', async () => {
    const text = `身份证号,类别,起始日期,终止日期,低保类别\r\n${ID},低保,2022/01/01,,2\r\n${OTHER},特困,20230501,,\r\n`;
    const { result, records, bad } = await read('hardship', encodeGbk(text));
    expect(result).toMatchObject({ encoding: 'gbk', rows: 2, records: 2, badRows: 0 });
    expect(bad).toEqual([]);
    expect(records[0]).toMatchObject({
      list: 'hardship',
      person: pseudonymOf(ID, TEST_KEY),
      kind: 'minimum-living-allowance',
      from: '2022-01-01',
      class: 2,
      line: 2,
    });
    expect(records[1]).toMatchObject({ kind: 'extreme-hardship', from: '2023-05-01', line: 3 });
    expect(JSON.stringify(records)).not.toContain(ID);
  });

  it('refuses a file that is neither UTF-8 nor GBK, and a header without a required column', async () => {
    expect((await read('hukou', Buffer.from([0x69, 0x64, 0x0a, 0x81, 0x0a]))).result.refused).toMatch(
      /neither UTF-8 nor GBK/,
    );
    expect((await read('hukou', Buffer.from([0x69, 0x64, 0x0a, 0xff, 0x41]))).result.refused).toMatch(
      /neither UTF-8 nor GBK/,
    );
    const noArea = await read('hukou', Buffer.from(`idNumber,birthDate\n${ID},1980-03-15\n`));
    expect(noArea.result.refused).toBe('the header row has no column area (a hukou list needs it)');
    expect(noArea.records).toEqual([]);
  });

  it('names each bad row by line and column, never quoting it, and carries on', async () => {
    const text = [
      'idNumber,area,status,cancelledOn,township',
      `${ID},62050,normal,,`,
      `${OTHER},620502,cancelled,,`,
      `${OTHER},620502,normal,,620502003`,
      '',
      `${ID},620502,"restored`,
    ].join('\n');
    const { records, bad } = await read('hukou', Buffer.from(text));
    // A broken quote is found by the parser ahead of the rows it has already handed on.
    bad.sort((a, b) => a.line - b.line);
    expect(bad).toEqual([
      { source: 'list.csv', line: 2, column: 'area', message: 'must be a 6-digit division code (GB/T 2260)' },
      {
        source: 'list.csv',
        line: 3,
        column: 'cancelledOn',
        message: 'is required when the status is cancelled',
      },
      { source: 'list.csv', line: 6, message: expect.stringMatching(/quote that never closes/) },
    ]);
    expect(JSON.stringify(bad)).not.toContain(ID);
    expect(records).toEqual([expect.objectContaining({ line: 4, township: '620502003', status: 'normal' })]);
  });

  it('keeps a row with an invalid ID number as a data problem, by the pseudonym of what was written', async () => {
    const wrong = `${ID.slice(0, 17)}${ID.endsWith('0') ? '1' : '0'}`;
    const { records } = await read(
      'roll',
      Buffer.from(`${JSON.stringify({ idNumber: wrong, contributionYears: 3 })}\n{"idNumber": 5}\n`),
      'jsonl',
    );
    expect(records[0]).toEqual({
      list: 'invalid-id',
      source: 'list.jsonl',
      line: 1,
      person: pseudonymOf(wrong, TEST_KEY),
      of: 'roll',
      why: 'check-digit',
    });
    expect(records[1]).toMatchObject({ list: 'invalid-id', why: 'shape', line: 2 });
  });

  it('reads JSON Lines with Chinese field names, arrays of years, and reports a line that is not JSON', async () => {
    const lines = [
      JSON.stringify({ 身份证号: ID, 缴费年限: 12, 领取起始年月: '2026-01', 代缴年度: [2024, 2025] }),
      '{"idNumber": ',
      JSON.stringify({ idNumber: OTHER, drawingSince: '2026-13' }),
    ].join('\n');
    const { records, bad } = await read('roll', Buffer.from(lines), 'jsonl');
    expect(records).toEqual([
      expect.objectContaining({
        list: 'roll',
        contributionYears: 12,
        drawingSince: '2026-01',
        governmentPaidYears: [2024, 2025],
      }),
    ]);
    expect(bad).toEqual([
      { source: 'list.jsonl', line: 2, message: 'is not valid JSON' },
      { source: 'list.jsonl', line: 3, column: 'drawingSince', message: 'must be a month YYYY-MM' },
    ]);
  });
});

describe('bad-rows.csv', () => {
  it.each([
    ['=cmd.csv', "'=cmd.csv"],
    ['\t=cmd.csv', "'\t=cmd.csv"],
    ['-1+1.csv', "'-1+1.csv"],
    ['户籍.csv', '户籍.csv'],
  ])('writes the uploaded list name %j as %j (no spreadsheet formula)', (source, field) => {
    const csv = badRowsCsv([{ source, line: 2, column: 'birthDate', message: 'not a calendar date' }]);
    expect(csv.split('\n')[1]).toBe(`${field},2,birthDate,not a calendar date`);
  });
});
