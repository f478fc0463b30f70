/**
 * npm run screen as a real child process over generated lists: every planted case found and
 * classified, the GBK list read, bad rows named by file and line, the summary per area and class,
 * one file per township, no ID number in any output, and the comparison with a previous run.
 */
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScreeningSummary } from '../../functions/screening/output.ts';
import {
  type GeneratedScreening,
  generateScreening,
  SCREENING_FILES,
  screenListArgs,
} from '../bench/generate-screening.ts';
import { runCli } from '../cli/run-cli.ts';
import { expectPlantedFound, parsePersons, TEST_KEY } from './planted.ts';

let dir: string;
let generated: GeneratedScreening;
const env = { PSEUDONYM_KEY: TEST_KEY.toString('base64') };

const screen = (args: string[]) => runCli('npx', ['tsx', 'functions/cli/screen.ts', ...args], { env });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'screen-cli-'));
  generated = generateScreening({ out: join(dir, 'lists'), n: 400, seed: 3 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run screen', () => {
  let first: ScreeningSummary;

  beforeAll(async () => {
    const run = await screen([
      ...screenListArgs(generated.dir),
      '--month',
      generated.month,
      '--out',
      join(dir, 'run1'),
      '--by-township',
    ]);
    expect(run.stderr).toMatch(/screening 100%/);
    expect(run.status).toBe(0);
    first = JSON.parse(readFileSync(join(dir, 'run1', 'summary.json'), 'utf8')) as ScreeningSummary;
  }, 120_000);

  it('finds and classifies every planted case', () => {
    const persons = parsePersons(readFileSync(join(dir, 'run1', 'results.jsonl'), 'utf8'));
    expectPlantedFound(persons, generated.planted);
  });

  it('reads the GBK export and reports each bad row by file and line, without stopping', () => {
    const gbk = first.lists.find((l) => l.name === SCREENING_FILES.hardship[1]);
    expect(gbk?.encoding).toBe('gbk');
    expect(gbk?.records).toBeGreaterThan(1);
    const bad = readFileSync(join(dir, 'run1', 'bad-rows.csv'), 'utf8');
    for (const b of generated.badRows) expect(bad).toContain(`${b.source},${b.line},${b.column ?? ''},`);
    expect(first.badRows).toBe(generated.badRows.length);
  });

  it('sums the classes per area into the dispatch table, and writes one CSV per township', () => {
    const classes = first.areas.reduce((n, a) => n + a.classes['should-enrol'], 0);
    expect(classes).toBe(first.total.classes['should-enrol']);
    expect(first.screened).toBe(first.areas.reduce((n, a) => n + a.screened, 0));
    expect(readFileSync(join(dir, 'run1', 'summary.csv'), 'utf8')).toMatch(
      /^\uFEFF区县,区县名称,筛查人数,应参保未参保/,
    );
    const townships = readdirSync(join(dir, 'run1', 'by-township'));
    expect(townships.length).toBeGreaterThan(8);
    const rows = townships.reduce(
      (n, f) =>
        n +
        readFileSync(join(dir, 'run1', 'by-township', f), 'utf8')
          .trim()
          .split('\n').length -
        1,
      0,
    );
    expect(rows).toBe(
      readFileSync(join(dir, 'run1', 'results.csv'), 'utf8')
        .trim()
        .split('\n').length - 1,
    );
  });

  it('writes no ID number anywhere', () => {
    for (const file of ['results.jsonl', 'results.csv', 'summary.json', 'bad-rows.csv']) {
      expect(readFileSync(join(dir, 'run1', file), 'utf8')).not.toMatch(/\d{17}[\dXx]/);
    }
  });

  it('compares with the previous run: what was enrolled since is resolved, the rest still open', async () => {
    const lists = join(dir, 'lists2');
    cpSync(generated.dir, lists, { recursive: true });
    const enrol = generated.planted.find((c) => c.class === 'should-enrol');
    appendFileSync(join(lists, SCREENING_FILES.roll), `${enrol?.id},,2026-05-01,0,,\n`);
    const run = await screen([
      ...screenListArgs(lists),
      '--month',
      generated.month,
      '--out',
      join(dir, 'run2'),
      '--previous',
      join(dir, 'run1'),
    ]);
    expect(run.status).toBe(0);
    const second = JSON.parse(readFileSync(join(dir, 'run2', 'summary.json'), 'utf8')) as ScreeningSummary;
    expect(second.total.comparison).toEqual({ new: 0, resolved: 1, 'still-open': expect.any(Number) });
    const resolved = readFileSync(join(dir, 'run2', 'resolved.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(resolved).toHaveLength(1);
    expect(JSON.parse(resolved[0] as string).finding).toEqual({ class: 'should-enrol' });
    expect(readFileSync(join(dir, 'run2', 'results.csv'), 'utf8')).toContain('仍未解决');
  }, 120_000);

  it('refuses a month the ruleset does not cover, and a missing file, with a clear message', async () => {
    const out = join(dir, 'x');
    const early = await screen([...screenListArgs(generated.dir), '--month', '2001-01', '--out', out]);
    expect(early.status).toBe(2);
    expect(early.stderr).toMatch(/covers months from/);
    const missing = await screen(['--hukou', join(dir, 'nope.csv'), '--month', '2026-06', '--out', out]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
  }, 60_000);
});
