/**
 * The screening API on a real local DynamoDB (dynalite): lists uploaded, screened after the 202,
 * every planted case found and classified in the downloaded CSV, the summary per area and class,
 * township files, the comparison with a previous screening, the stream runner of AWS, refusals
 * (roles, a file that is neither UTF-8 nor GBK, no hukou list, a month not covered), and nothing
 * stored with an ID number.
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localBlobDir } from '../../functions/policy/blobs.ts';
import { getPolicyItem } from '../../functions/policy/store.ts';
import type { ROLES } from '../../functions/routes.ts';
import { running } from '../../functions/screenings-create/handler.ts';
import { handler as runner } from '../../functions/screenings-run/handler.ts';
import { invoke, routeEvent, startTestStore, stopTestStore, type TestStore } from '../api/support.ts';
import { type GeneratedScreening, generateScreening, SCREENING_FILES } from '../bench/generate-screening.ts';
import { expectPlantedInResultsCsv } from './planted.ts';

let store: TestStore | undefined;
const dir = mkdtempSync(join(tmpdir(), 'screening-api-'));
let generated: GeneratedScreening;

beforeAll(async () => {
  process.env.DATA_DIR = join(dir, 'data');
  store = await startTestStore();
  generated = generateScreening({ out: join(dir, 'lists'), n: 150, seed: 5 });
});
afterAll(async () => {
  await Promise.all(running);
  await stopTestStore(store);
  rmSync(dir, { recursive: true, force: true });
});

function uploads(listsDir: string) {
  const file = (list: string, name: string) => ({
    list,
    name,
    content: readFileSync(join(listsDir, name)).toString('base64'),
  });
  return [
    file('hukou', SCREENING_FILES.hukou),
    ...SCREENING_FILES.hardship.map((f) => file('hardship', f)),
    file('roll', SCREENING_FILES.roll),
    ...SCREENING_FILES.exclusions.map((f) => file('exclusions', f)),
  ];
}

const create = (body: unknown, role: (typeof ROLES)[number] | 'none' = 'caseworker') =>
  invoke(
    'screenings-create',
    routeEvent('screenings-create', { ...(role !== 'none' ? { role } : {}), body }),
  );
const get = (id: string) =>
  invoke('screenings-get', routeEvent('screenings-get', { role: 'policy', pathParameters: { id } }));
const results = (id: string, query: Record<string, string> = {}) =>
  invoke(
    'screenings-results',
    routeEvent('screenings-results', { role: 'caseworker', pathParameters: { id }, query }),
  );

/** CSV rows as cells (no quoted commas in these files' cells that the checks read). */

async function screen(body: Record<string, unknown>): Promise<string> {
  const created = await create(body);
  expect(created.status, created.text).toBe(202);
  await Promise.all(running);
  return (created.body as { id: string }).id;
}

describe('POST /v1/screenings, then GET', () => {
  let id: string;
  beforeAll(async () => {
    id = await screen({
      name: '麦积区第3周',
      month: generated.month,
      byTownship: true,
      lists: uploads(generated.dir),
    });
  }, 60_000);

  it('runs after the 202 and shows the summary per area and class', async () => {
    const done = await get(id);
    expect(done.status).toBe(200);
    const body = done.body as {
      lists: { name: string; encoding: string }[];
      summary: {
        total: { name: string; classes: Record<string, number> };
        areas: { area: string; name: string }[];
      };
    };
    expect(body).toMatchObject({ status: 'done', month: generated.month, ruleset: '2026.2', badRows: 2 });
    expect(body.lists.find((l) => l.name === SCREENING_FILES.hardship[1])?.encoding).toBe('gbk');
    expect(body.summary.total.classes['data-problem']).toBeGreaterThanOrEqual(4);
    // Each county by code and by name, for the weekly dispatch table (周调度通报).
    expect(body.summary.areas).toContainEqual(expect.objectContaining({ area: '620502', name: '秦州区' }));
    expect(body.summary.total.name).toBe('合计');
  });

  it('finds and classifies every planted case in the downloaded CSV', async () => {
    const csv = await results(id);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expectPlantedInResultsCsv(csv.text, generated.planted);
  });

  it('offers the dispatch table, the bad rows and one file per township', async () => {
    const summary = (await results(id, { file: 'summary' })).text;
    expect(summary).toMatch(/^\uFEFF区县,区县名称,筛查人数/);
    expect(summary).toMatch(/^620502,秦州区,\d+,/m);
    const bad = (await results(id, { file: 'bad-rows' })).text;
    for (const b of generated.badRows) expect(bad).toContain(`${b.source},${b.line},`);
    const townships = (await get(id)).body as { townships: string[] };
    expect(townships.townships.length).toBeGreaterThan(8);
    // Every file listed can be downloaded, that of the persons with no hukou (none) too.
    expect(townships.townships).toContain('none');
    let rows = 0;
    for (const township of townships.townships) {
      const file = await results(id, { township });
      expect(file.status, township).toBe(200);
      rows += file.text.trim().split('\n').length - 1;
    }
    expect(rows).toBe((await results(id)).text.trim().split('\n').length - 1);
    expect((await results(id, { township: '999999999' })).status).toBe(404);
  });

  it('compares with a previous screening', async () => {
    const enrol = generated.planted.find((c) => c.class === 'should-enrol');
    appendFileSync(join(generated.dir, SCREENING_FILES.roll), `${enrol?.id},,2026-05-01,0,,\n`);
    const next = await screen({ month: generated.month, previousId: id, lists: uploads(generated.dir) });
    const summary = ((await get(next)).body as { summary: { total: { comparison: Record<string, number> } } })
      .summary;
    expect(summary.total.comparison).toMatchObject({ new: 0, resolved: 1 });
  }, 60_000);

  it('stores no ID number: the upload is kept as pseudonymised records', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d))
        (statSync(join(d, f)).isDirectory() ? walk : files.push.bind(files))(join(d, f));
    };
    walk(localBlobDir());
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(readFileSync(f, 'utf8')).not.toMatch(/\d{17}[\dXx]/);
  });
});

describe('refusals', () => {
  const body = () => ({ month: generated.month, lists: uploads(generated.dir) });

  it('other roles 403, no token 401', async () => {
    expect((await create(body(), 'system')).status).toBe(403);
    expect((await create(body(), 'none')).status).toBe(401);
    expect(
      (
        await invoke(
          'screenings-get',
          routeEvent('screenings-get', {
            role: 'system',
            pathParameters: { id: '00000000-0000-4000-8000-000000000000' },
          }),
        )
      ).status,
    ).toBe(403);
  });

  it('a file that is neither UTF-8 nor GBK is a 422 naming the list', async () => {
    const lists = uploads(generated.dir);
    lists[1] = {
      ...(lists[1] as (typeof lists)[number]),
      content: Buffer.from([0x69, 0x64, 0x0a, 0xff, 0xff, 0x80]).toString('base64'),
    };
    const answer = await create({ month: generated.month, lists });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      errors: [{ path: 'lists[1].content', message: expect.stringMatching(/neither UTF-8 nor GBK/) }],
    });
  });

  it('without a hukou list, a month before the ruleset, an unknown previous screening: 422', async () => {
    const noHukou = await create({ month: generated.month, lists: uploads(generated.dir).slice(1) });
    expect(noHukou.status).toBe(422);
    expect(noHukou.body).toMatchObject({ errors: [{ path: 'lists' }] });
    expect((await create({ ...body(), month: '2001-01' })).status).toBe(422);
    const previous = await create({ ...body(), previousId: '00000000-0000-4000-8000-000000000000' });
    expect(previous.status).toBe(422);
    expect(previous.body).toMatchObject({ errors: [{ path: 'previousId' }] });
  });

  it('an unknown screening is 404', async () => {
    expect((await get('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await results('00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

it('in AWS only queues the run: the new item on the Policy stream starts the runner', async () => {
  process.env.SCREENINGS_RUN_BY = 'stream';
  let created: Awaited<ReturnType<typeof invoke>>;
  try {
    created = await create({ month: generated.month, lists: uploads(generated.dir) });
  } finally {
    delete process.env.SCREENINGS_RUN_BY;
  }
  expect(created.status).toBe(202);
  expect(running.size).toBe(0);
  const id = (created.body as { id: string }).id;
  expect((await results(id)).status).toBe(409);
  const item = await getPolicyItem(id, 'screening');
  const record = {
    eventName: 'INSERT',
    dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) },
  };
  await runner({ Records: [record] } as unknown as DynamoDBStreamEvent);
  expect(await getPolicyItem(id, 'screening')).toMatchObject({ status: 'done' });
  await runner({ Records: [record] } as unknown as DynamoDBStreamEvent);
  expect((await results(id)).status).toBe(200);
}, 60_000);
