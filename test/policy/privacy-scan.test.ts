/**
 * The privacy scan: a realistic session through the policy API (and a calculation or two) with case
 * sets full of valid synthetic ID numbers — in their place, and in the places people put them by
 * mistake (a ref, an unknown field, a line that is not JSON, a CSV header that is really a data row)
 * — then every file under DATA_DIR (case-set blobs, reports, dynalite's LevelDB), every item of every
 * table, every report (json, csv, html) of the API and of the CLI replay, and every API answer are
 * searched for an 18-digit or a 15-digit ID number. None may appear anywhere.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDraftText } from '../../functions/policy/draft-text.ts';
import { runReplay } from '../../functions/policy/run-replay.ts';
import { running } from '../../functions/simulations-create/handler.ts';
import { storeClient } from '../../functions/store/client.ts';
import { TABLES, tableName } from '../../functions/store/tables.ts';
import {
  type Answer,
  ID_NUMBER_PATTERN,
  installLogScan,
  invoke,
  startTestStore,
  stopTestStore,
  type TestStore,
} from '../api/support.ts';
import { syntheticIdNumber } from '../bench/generate-cases.ts';
import { apiEvent, nationalRaiseYaml } from './support.ts';

installLogScan();

const dataDir = mkdtempSync(join(tmpdir(), 'privacy-scan-'));
let store: TestStore | undefined;
beforeAll(async () => {
  process.env.DATA_DIR = dataDir;
  // On disk under DATA_DIR, so the store's own files are part of the walk.
  store = await startTestStore(join(dataDir, 'dynamodb'));
});
afterAll(async () => {
  await Promise.all(running);
  await stopTestStore(store);
  rmSync(dataDir, { recursive: true, force: true });
});

const BIRTH = '1950-03-10';
const AREA = '620102';
/** Valid 18-digit numbers (check digit right, birth date matching the case). */
const IDS = Array.from({ length: 12 }, (_, i) => syntheticIdNumber(AREA, BIRTH, 101 + i));
/** A valid number whose birth date differs from the case's. */
const OTHER_BIRTH = syntheticIdNumber(AREA, '1951-04-11', 7);
/** The 1989 15-digit form: area, YYMMDD, order. */
const OLD_ID = `${AREA}500310123`;
const WRONG_CHECK = `${(IDS[0] as string).slice(0, 17)}${(IDS[0] as string).endsWith('0') ? '1' : '0'}`;
/** Every number the scan looks for, with the 17-digit body of each 18-digit one. */
const NEEDLES = [...IDS, OTHER_BIRTH, WRONG_CHECK].flatMap((id) => [id, id.slice(0, 17)]).concat(OLD_ID);

const person = (idNumber?: string, extra: Record<string, unknown> = {}) => ({
  ...(idNumber !== undefined ? { idNumber } : {}),
  birthDate: BIRTH,
  hukou: [{ area: AREA, from: BIRTH }],
  ...extra,
});
const id = (i: number) => IDS[i] as string;

const JSONL = [
  JSON.stringify({ ref: 'GS-1', person: person(id(0)), month: '2026-06' }),
  JSON.stringify({ person: person(id(1)), month: '2026-06', recorded: { total: '203.00' } }),
  JSON.stringify({ ref: id(2), person: person(), month: '2026-06' }),
  JSON.stringify({ [id(3)]: 'a key', person: person(), month: '2026-06' }),
  JSON.stringify({ note: id(4), person: person(), month: '2026-06' }),
  JSON.stringify({ person: person(undefined, { [id(5)]: true }), month: '2026-06' }),
  `{"person": {"idNumber": ${id(6)}, "birthDate": "${BIRTH}"`,
  `${id(7)},${BIRTH},${AREA},2026-06`,
  JSON.stringify({ person: person(WRONG_CHECK), month: '2026-06' }),
  JSON.stringify({ person: person(OTHER_BIRTH), month: '2026-06' }),
  JSON.stringify({ person: person(OLD_ID), month: '2026-06' }),
  JSON.stringify({
    person: person(id(8), { statuses: [{ kind: id(8), from: '2014-01-01' }] }),
    month: '2026-06',
  }),
  JSON.stringify({ person: person(id(9)), month: id(9) }),
].join('\n');

const CSV = [
  'ref,idNumber,birthDate,area,month,contributions,statuses,recordedTotal',
  `GS-10,${id(10)},${BIRTH},${AREA},2026-06,2012-2025:100.00,,203.00`,
  `GS-11,${id(11)},${BIRTH},${AREA},2026-06,,,`,
  `${id(0)},,${BIRTH},${AREA},2026-06,,,`,
  `GS-13,,${BIRTH},${AREA},2026-06,2012:${id(1)},,`,
  `GS-14,,${BIRTH},${AREA},2026-06,,registered-poor:${id(2)},`,
  `GS-15,${id(3)},${BIRTH},${AREA}`,
  `"GS-16",${id(4)},${BIRTH},${AREA},2026-06,"2012:1"x,,`,
  `GS-17,${OLD_ID},${BIRTH},${AREA},2026-06,,,`,
  `GS-18,${WRONG_CHECK},${BIRTH},${AREA},2026-06,,,`,
  `GS-19,${id(5)},${id(5)},${AREA},2026-06,,,`,
].join('\r\n');

const DRAFT = nationalRaiseYaml('privacy scan');

const answers: Answer[] = [];
async function call(route: string, ...args: Parameters<typeof apiEvent>): Promise<Answer> {
  const answer = await invoke(route, apiEvent(...args));
  answers.push(answer);
  return answer;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Where any of the numbers, or anything shaped like an ID number, occurs in `text`. */
function leaks(text: string): string[] {
  const found = NEEDLES.filter((n) => text.includes(n));
  const shaped = ID_NUMBER_PATTERN.exec(text);
  return shaped ? [...found, `shaped like an ID number: …${shaped[0].slice(-4)}`] : found;
}

/** Every item of every table, with the audit trail's compressed results inflated. */
async function tableText(): Promise<string> {
  const parts: string[] = [];
  for (const table of TABLES) {
    const out = await storeClient().send(
      new ScanCommand({ TableName: tableName(table), ConsistentRead: true }),
    );
    for (const item of out.Items ?? []) {
      for (const value of Object.values(item)) {
        if (value.B) parts.push(inflateRawSync(value.B).toString('utf8'));
      }
      parts.push(JSON.stringify(item));
    }
  }
  return parts.join('\n');
}

describe('the privacy scan', () => {
  it('finds no ID number in any stored file, table item, report or answer after a realistic session', async () => {
    const draft = await call('drafts-create', 'POST', '/v1/drafts', 'policy', { yaml: DRAFT, name: 'raise' });
    expect(draft.status).toBe(201);
    const draftId = (draft.body as { id: string }).id;

    const simulations: string[] = [];
    for (const [name, format, content] of [
      ['cases.jsonl', 'jsonl', JSONL],
      ['cases.csv', 'csv', CSV],
    ] as const) {
      const caseSet = await call('case-sets-create', 'POST', '/v1/case-sets', 'policy', {
        name,
        format,
        content,
      });
      expect(caseSet.status).toBe(201);
      const caseSetId = (caseSet.body as { id: string }).id;
      const created = await call('simulations-create', 'POST', '/v1/simulations', 'policy', {
        draftId,
        caseSetId,
      });
      expect(created.status).toBe(202);
      simulations.push((created.body as { id: string }).id);
    }
    // Refused uploads: a CSV whose first row is data, not a header; a name that is an ID number.
    const headless = await call('case-sets-create', 'POST', '/v1/case-sets', 'policy', {
      name: 'no-header.csv',
      format: 'csv',
      content: `${id(0)},${BIRTH},${AREA},2026-06\n`,
    });
    expect(headless.status).toBe(400);
    const named = await call('case-sets-create', 'POST', '/v1/case-sets', 'policy', {
      name: `${id(1)}.jsonl`,
      format: 'jsonl',
      content: JSON.stringify({ person: person(), month: '2026-06' }),
    });
    expect(named.status).toBe(400);

    await Promise.all(running);
    for (const sid of simulations) {
      const done = await call('simulations-get', 'GET', `/v1/simulations/${sid}`, 'policy', undefined, {
        id: sid,
      });
      expect(done.body).toMatchObject({ status: 'done' });
    }
    const [jsonl, csv] = answers
      .filter((a) => (a.body as { status?: string }).status === 'done')
      .map((a) => (a.body as { report: { summary: Record<string, unknown> } }).report.summary);
    // The good lines replayed (each raised by 20 yuan); every other line reported, none lost.
    expect(jsonl).toMatchObject({ cases: 2, changed: 2, errors: 11, mismatches: 0 });
    expect(csv).toMatchObject({ cases: 2, changed: 2, errors: 8 });

    // Calculations, with and without an Idempotency-Key, a refusal of each kind, the stored record.
    const body = { person: person(id(2)), month: '2020-05' };
    const calculated = await call('entitlement', 'POST', '/v1/entitlement', 'caseworker', body, undefined, {
      'idempotency-key': 'scan-1',
    });
    expect(calculated.status).toBe(200);
    const calculationId = (calculated.body as { receipt: { calculationId: string } }).receipt.calculationId;
    const record = await call(
      'calculation-get',
      'GET',
      `/v1/calculations/${calculationId}`,
      'caseworker',
      undefined,
      { calculationId },
    );
    expect(record.status).toBe(200);
    const unknownKey = await call('eligibility', 'POST', '/v1/eligibility', 'system', {
      ...body,
      [id(3)]: 'x',
    });
    expect(unknownKey.status).toBe(400);
    const wrongCheck = await call('arrears', 'POST', '/v1/arrears', 'system', {
      person: person(WRONG_CHECK),
      month: '2020-05',
    });
    expect(wrongCheck.status).toBe(422);

    // The CLI replay of the same files writes its reports under DATA_DIR too.
    const cliDir = join(dataDir, 'cli');
    mkdirSync(cliDir, { recursive: true });
    for (const [file, content] of [
      ['cases.jsonl', JSONL],
      ['cases.csv', CSV],
    ] as const) {
      const input = join(tmpdir(), `privacy-scan-${process.pid}-${file}`);
      writeFileSync(input, content);
      try {
        await runReplay({
          casesPath: input,
          caseSetName: file,
          outDir: join(cliDir, file.replace('.', '-')),
          spec: {
            baseline: '2026.2',
            candidate: { draft: readDraftText(DRAFT), draftName: 'raise.yaml' },
            today: '2026-12-01',
          },
          workers: 0,
          generatedAt: '2026-12-01T00:00:00Z',
        });
      } finally {
        rmSync(input, { force: true });
      }
    }

    const files = walk(dataDir);
    expect(files.some((f) => f.includes(`${join('policy', 'case-sets')}`))).toBe(true);
    expect(files.filter((f) => /report\.(json|csv|html)$/.test(f)).length).toBe(12);
    const found: Record<string, string[]> = {};
    for (const file of files) {
      const bytes = readFileSync(file);
      const hits = [...new Set([...leaks(bytes.toString('utf8')), ...leaks(bytes.toString('latin1'))])];
      if (hits.length > 0) found[file.slice(dataDir.length + 1)] = hits;
    }
    const inTables = leaks(await tableText());
    if (inTables.length > 0) found['(tables)'] = inTables;
    answers.forEach((a, i) => {
      const hits = leaks(a.text);
      if (hits.length > 0) found[`(answer ${i + 1}, ${a.status})`] = hits;
    });
    expect(found).toEqual({});
  }, 60_000);
});
