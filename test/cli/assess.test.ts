/**
 * The batch CLI end to end, as real child processes: JSON Lines in, the API's response bodies out
 * in the same order, problems on their own lines with line numbers, exit statuses.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { calculate } from '../../functions/shared/calculate.ts';
import { getRegistry } from '../../functions/shared/registry.ts';
import { inputHash, parseCase } from '../../rules/index.ts';
import { CaseGenerator } from '../bench/generate-cases.ts';
import { assess, jsonLines, ROOT, runCli } from './run-cli.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const registry = getRegistry();

/** Seed case C4 (Liangzhou, 60 in March 2011, hukou restored 2020-04-19). */
const c4 = {
  person: {
    birthDate: '1951-03-10',
    hukou: [{ area: '620602', from: '1951-03-10', restoredOn: '2020-04-19' }],
  },
  month: '2020-05',
};

function cases(n: number, seed: number, kind: 'entitlement' | 'arrears' = 'entitlement') {
  const areas = registry.latest.coveredAreas().map((a) => a.code);
  const generator = new CaseGenerator(seed, kind, areas);
  return Array.from({ length: n }, () => generator.next());
}

const withoutReceiptInstants = (answer: Record<string, unknown>) => {
  const { receipt, ...rest } = answer as { receipt: Record<string, unknown> };
  const { calculationId: _id, calculatedAt: _at, ...stable } = receipt;
  return { ...rest, receipt: stable };
};

beforeAll(async () => {
  // The first run builds the bundle (node_modules/.cache/pension-cli); later runs reuse it.
  await assess(['entitlement', '--workers', '0'], '');
}, 60_000);

describe('npm run assess', () => {
  it('answers every line in input order with several workers and small batches', async () => {
    const input = cases(1500, 11);
    const text = `${input.map((c) => JSON.stringify(c)).join('\n')}\n`;
    // Tiny batches over three workers: answers come back out of order and must be put back.
    const run = await assess(['entitlement', '--workers', '3', '--batch-bytes', '2000'], text);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const answers = jsonLines(run.stdout);
    expect(answers).toHaveLength(input.length);
    const seed = { calculationId: 'x', calculatedAt: 'x' };
    answers.forEach((answer, i) => {
      // Line i's answer is the one the engine gives in process for line i, receipt included.
      const expected = JSON.parse(JSON.stringify(calculate('entitlement', input[i], registry, seed)));
      expect(withoutReceiptInstants(answer)).toEqual(withoutReceiptInstants(expected));
    });
  });

  it('gives the same answers in the main thread (--workers 0) as in workers', async () => {
    const text = `${cases(200, 12, 'arrears')
      .map((c) => JSON.stringify(c))
      .join('\n')}\n`;
    const [inline, threaded] = await Promise.all([
      assess(['arrears', '--workers', '0'], text),
      assess(['arrears', '--workers', '2', '--batch-bytes', '5000'], text),
    ]);
    expect(inline.status).toBe(0);
    expect(threaded.status).toBe(0);
    expect(jsonLines(threaded.stdout).map(withoutReceiptInstants)).toEqual(
      jsonLines(inline.stdout).map(withoutReceiptInstants),
    );
  });

  it('reads a file given as stdin a batch at a time, as it reads a pipe', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pension-assess-'));
    try {
      // A line longer than a batch too, which must be read whole across reads.
      const long = {
        ...c4,
        person: {
          ...c4.person,
          statuses: Array.from({ length: 150 }, () => ({
            kind: 'student',
            from: '1960-01-01',
            to: '1961-01-01',
          })),
        },
      };
      const text = `${[...cases(300, 13, 'arrears'), long].map((c) => JSON.stringify(c)).join('\n')}\n`;
      writeFileSync(join(dir, 'in.jsonl'), text);
      const args = ['functions/cli/run.mjs', 'assess', 'arrears', '--batch-bytes', '3000'];
      const input = openSync(join(dir, 'in.jsonl'), 'r');
      const output = openSync(join(dir, 'out.jsonl'), 'w');
      const status = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd: ROOT, stdio: [input, output, 'ignore'] });
        child.on('error', reject);
        child.on('close', resolve);
      });
      closeSync(input);
      closeSync(output);
      const piped = await assess(args.slice(2), text);
      expect(status).toBe(piped.status);
      const fromFile = jsonLines(readFileSync(join(dir, 'out.jsonl'), 'utf8'));
      expect(fromFile).toHaveLength(301);
      expect(fromFile.map(withoutReceiptInstants)).toEqual(
        jsonLines(piped.stdout).map(withoutReceiptInstants),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('puts a receipt on every answer: fresh UUID v4, UTC instant, ruleset, hash of the case', async () => {
    const other = { ...c4, month: '2020-06' };
    const lines = [c4, other, c4].map((c) => JSON.stringify(c)).join('\n');
    const before = Date.now();
    const run = await assess(['entitlement'], lines);
    expect(run.status).toBe(0);
    const receipts = jsonLines(run.stdout).map((a) => a.receipt as Record<string, string>);
    expect(receipts).toHaveLength(3);
    for (const r of receipts) {
      expect(r.calculationId).toMatch(UUID_V4);
      expect(r.calculatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Date.parse(r.calculatedAt as string)).toBeGreaterThanOrEqual(before - 1000);
      expect(r.ruleset).toBe(registry.latest.id);
      expect(r.rulesetHash).toBe(registry.latest.hash);
    }
    expect(new Set(receipts.map((r) => r.calculationId)).size).toBe(3);
    // Same case, same inputHash (and the engine's); another case, another hash.
    expect(receipts[0]?.inputHash).toBe(inputHash(parseCase(c4)));
    expect(receipts[2]?.inputHash).toBe(receipts[0]?.inputHash);
    expect(receipts[1]?.inputHash).not.toBe(receipts[0]?.inputHash);
    // …and across runs.
    const again = await assess(['eligibility'], JSON.stringify(c4));
    expect(jsonLines(again.stdout)[0]?.receipt).toMatchObject({ inputHash: receipts[0]?.inputHash });
  });

  it('answers the seed case C4 as the API would: back pay from the launch, 2011-07', async () => {
    const run = await assess(['arrears'], `${JSON.stringify({ ...c4, month: '2020-04' })}\n`);
    expect(run.status).toBe(0);
    const [answer] = jsonLines(run.stdout);
    expect(answer).toMatchObject({ from: '2011-07', to: '2020-04', months: 106 });
    expect(Object.keys(answer ?? {})).toEqual(
      expect.arrayContaining(['due', 'paid', 'total', 'segments', 'receipt']),
    );
  });

  it('answers a bad line with a problem and its line number, and goes on; exit status 1', async () => {
    const good = JSON.stringify(c4);
    const lines = [
      good, // 1
      '{"person": {', // 2 not JSON
      JSON.stringify({ person: { birthDate: '1951-02-30', hukou: [] }, month: '2020-05' }), // 3 shape
      JSON.stringify({ ...c4, person: { ...c4.person, deathDate: '1950-01-01' } }), // 4 impossible
      JSON.stringify({ ...c4, person: { ...c4.person, hukou: [{ area: '610102', from: '1951-03-10' }] } }), // 5
      JSON.stringify({ ...c4, ruleset: '1999.1' }), // 6 unknown ruleset
      '42', // 7 not an object
      good, // 8
    ];
    const run = await assess(['entitlement', '--workers', '2', '--batch-bytes', '300'], lines.join('\n'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('6 of 8 lines answered with a problem');
    const answers = jsonLines(run.stdout);
    expect(answers).toHaveLength(8);
    expect(answers[0]).toMatchObject({ eligible: true, month: '2020-05' });
    expect(answers[7]).toMatchObject({ eligible: true, month: '2020-05' });
    const problems = answers.slice(1, 7);
    expect(problems.map((p) => [p.line, p.status])).toEqual([
      [2, 400],
      [3, 400],
      [4, 422],
      [5, 422],
      [6, 404],
      [7, 400],
    ]);
    for (const p of problems) expect(p).toHaveProperty('type');
    expect(problems[1]?.errors).toEqual([{ path: 'person.birthDate', message: expect.any(String) }]);
    expect(problems[2]?.errors).toEqual([
      { path: 'person.deathDate', message: 'is before person.birthDate' },
    ]);
    expect(problems[3]).toMatchObject({ type: expect.stringContaining('not-covered') });
    expect(problems[4]).toMatchObject({ errors: [{ path: 'ruleset' }] });
  });

  it('never echoes an ID number, even from a line that is not JSON', async () => {
    const id = '620502194001101238';
    const run = await assess(['entitlement'], `{"person":{"idNumber":"${id}", oops}\n`);
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain(id);
    expect(run.stderr).not.toContain(id);
    expect(jsonLines(run.stdout)[0]).toMatchObject({ status: 400, line: 1 });
  });

  it('never quotes a field name either: an unknown field is named by where it is', async () => {
    const id = '620502194001101238';
    const run = await assess(['entitlement'], `${JSON.stringify({ ...c4, [id]: 1 })}\n`);
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain(id.slice(0, 15));
    expect(jsonLines(run.stdout)[0]).toMatchObject({
      status: 400,
      errors: [
        {
          path: '[redacted]',
          message: 'is not a field the contract defines (allowed: person, payments, month, ruleset)',
        },
      ],
    });
  });

  it('skips blank lines (still counted), reads CRLF, a BOM and a last line without newline', async () => {
    const good = JSON.stringify(c4);
    const text = `\uFEFF${good}\r\n\r\n   \n${good}\r\n{bad\n\n${good}`;
    const run = await assess(['entitlement', '--workers', '1'], text);
    expect(run.status).toBe(1);
    const answers = jsonLines(run.stdout);
    expect(answers).toHaveLength(4);
    expect(answers.map((a) => a.line ?? a.month)).toEqual(['2020-05', '2020-05', 5, '2020-05']);
  });

  it('reads a line far longer than a batch whole (and answers it: here, an unknown field)', async () => {
    const long = JSON.stringify({ ...c4, note: 'x'.repeat(3_000_000) });
    const run = await assess(
      ['entitlement', '--workers', '1'],
      `${JSON.stringify(c4)}\n${long}\n${JSON.stringify(c4)}\n`,
    );
    expect(run.status).toBe(1);
    const answers = jsonLines(run.stdout);
    expect(answers.map((a) => a.line ?? a.month)).toEqual(['2020-05', 2, '2020-05']);
    expect(answers[1]).toMatchObject({ status: 400, errors: [{ path: 'note' }] });
  });

  it('applies --ruleset to lines that name none, and says so in the receipt', async () => {
    const run = await assess(['eligibility', '--ruleset', '2026.1'], JSON.stringify(c4));
    expect(run.status).toBe(0);
    expect(jsonLines(run.stdout)[0]?.receipt).toMatchObject({ ruleset: '2026.1' });
  });

  it('exits 0 with no output for empty input', async () => {
    const run = await assess(['arrears'], '');
    expect(run).toMatchObject({ status: 0, stdout: '' });
  });

  it.each([
    [[], 'name the calculation'],
    [['pension'], 'unknown calculation "pension"'],
    [['entitlement', 'arrears'], 'one calculation only'],
    [['entitlement', '--workers', 'two'], '--workers must be a whole number'],
    [['entitlement', '--frobnicate'], "Unknown option '--frobnicate'"],
    [['entitlement', '--ruleset', 'latest'], '--ruleset must be a ruleset id'],
    [['entitlement', '--ruleset', '1999.1'], 'No published ruleset "1999.1"'],
  ])('exits 2 with a clear message for usage errors: %j', async (args, message) => {
    const run = await assess(args, JSON.stringify(c4));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('is what `npm run assess` runs', async () => {
    const run = await runCli('npm', ['run', '--silent', 'assess', '--', 'entitlement'], {
      input: JSON.stringify(c4),
    });
    expect(run.status).toBe(0);
    expect(jsonLines(run.stdout)[0]).toMatchObject({ month: '2020-05', eligible: true });
  });
});
