/**
 * The policy workbench's API on a real local DynamoDB (dynalite): drafts with their diff, case-set
 * upload, an asynchronous simulation with progress and its report, and the policy-only authorization
 * (other roles 403, no token 401).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBlob, localBlobPath } from '../../functions/policy/blobs.ts';
import { readDraftText } from '../../functions/policy/draft-text.ts';
import { runReplay } from '../../functions/policy/run-replay.ts';
import { getPolicyItem } from '../../functions/policy/store.ts';
import { ROLES, ROUTES } from '../../functions/routes.ts';
import { running } from '../../functions/simulations-create/handler.ts';
import { handler as runner } from '../../functions/simulations-run/handler.ts';
import { invoke, startTestStore, stopTestStore, type TestStore } from '../api/support.ts';
import { syntheticIdNumber } from '../bench/generate-cases.ts';
import { apiEvent, nationalRaiseYaml } from './support.ts';

let store: TestStore | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'policy-api-'));
beforeAll(async () => {
  process.env.DATA_DIR = dataDir;
  store = await startTestStore();
});
afterAll(async () => {
  await Promise.all(running);
  await stopTestStore(store);
  rmSync(dataDir, { recursive: true, force: true });
});

const event = apiEvent;

const DRAFT = nationalRaiseYaml('api test');
const CASES = [
  { person: { birthDate: '1950-03-10', hukou: [{ area: '620102', from: '1950-03-10' }] }, month: '2026-06' },
  { person: { birthDate: '1990-03-10', hukou: [{ area: '620102', from: '1990-03-10' }] }, month: '2026-06' },
]
  .map((c) => JSON.stringify(c))
  .concat(['not json'])
  .join('\n');

describe('the policy routes', () => {
  const policyRoutes = ROUTES.filter((r) => r.roles.length === 1 && r.roles[0] === 'policy');

  it('are listed for the policy role only', () => {
    expect(policyRoutes.map((r) => r.name).sort()).toEqual(
      [
        'case-sets-create',
        'drafts-create',
        'drafts-get',
        'simulations-create',
        'simulations-get',
        'simulations-report',
      ].sort(),
    );
  });

  it.each(policyRoutes.map((r) => [r.name, r] as const))(
    '%s refuses other roles (403) and no token (401)',
    async (name, route) => {
      // A well-formed body: the chain validates the request before it checks the role.
      const uuid = '00000000-0000-4000-8000-000000000000';
      const bodies: Record<string, unknown> = {
        'drafts-create': { yaml: DRAFT },
        'case-sets-create': { name: 'x.jsonl', format: 'jsonl', content: CASES },
        'simulations-create': { draftId: uuid, caseSetId: uuid },
      };
      const body = bodies[name];
      const params = route.path.includes('{id}')
        ? {
            id: '00000000-0000-4000-8000-000000000000',
            ...(route.path.includes('{file}') ? { file: 'report.csv' } : {}),
          }
        : undefined;
      for (const role of ROLES.filter((r) => r !== 'policy')) {
        expect((await invoke(name, event(route.method, route.path, role, body, params))).status).toBe(403);
      }
      const none = await invoke(name, event(route.method, route.path, undefined, body, params));
      expect(none.status).toBe(401);
    },
  );

  it('validate a draft into a 422 naming the change', async () => {
    const bad = DRAFT.replace('"183.00"', '"183"');
    const answer = await invoke('drafts-create', event('POST', '/v1/drafts', 'policy', { yaml: bad }));
    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.body)).toMatch(/changes\[0\] \(basic-pension\.national-minimum\)/);
  });

  it('refuse drafts beyond the limits with the limit named, never a 500', async () => {
    const post = (body: unknown) => invoke('drafts-create', event('POST', '/v1/drafts', 'policy', body));
    const change = (i: number) => ({
      parameter: 'basic-pension.national-minimum',
      area: 'national',
      values: [{ from: `${2027 + i}-01-01`, value: '183.00', source: { note: 'x' }, provisional: false }],
    });
    const many = await post({
      draft: { base: '2026.2', changes: Array.from({ length: 5_000 }, (_, i) => change(i)) },
    });
    expect(many.status).toBe(422);
    expect(JSON.stringify(many.body)).toContain('at most 500 changes in one draft');

    const long = await post({ draft: { base: '2026.2', description: '说明'.repeat(3_000), changes: [] } });
    expect(long.status).toBe(422);
    expect(JSON.stringify(long.body)).toContain('description: must be at most 4000 characters');

    // Aliases: a short text that would expand into a huge object.
    const text = '很长的说明'.repeat(780); // 3,900 characters, 11,700 bytes
    const aliased = (n: number) =>
      [
        'base: "2026.2"',
        `description: &t "${text}"`,
        'changes:',
        '  - parameter: basic-pension.national-minimum',
        '    area: national',
        '    values:',
        ...Array.from(
          { length: n },
          (_, i) =>
            `      - { from: "${2027 + i}-01-01", value: "183.00", source: { note: *t }, provisional: false }`,
        ),
      ].join('\n');
    const bomb = await post({ yaml: aliased(200) });
    expect(bomb.status).toBe(422);
    expect(JSON.stringify(bomb.body)).toMatch(/not valid YAML: .*[Aa]lias/);
    const large = await post({ yaml: aliased(40) });
    expect(large.status).toBe(413);
    expect(large.body).toMatchObject({
      status: 413,
      errors: [{ path: 'yaml', message: expect.stringMatching(/at most 300000 can be stored/) }],
    });
  });

  it('store a draft and a case set, run a simulation asynchronously and serve its report', async () => {
    const draft = await invoke(
      'drafts-create',
      event('POST', '/v1/drafts', 'policy', { yaml: DRAFT, name: 'raise' }),
    );
    expect(draft.status).toBe(201);
    const draftId = (draft.body as { id: string }).id;
    const got = await invoke(
      'drafts-get',
      event('GET', `/v1/drafts/${draftId}`, 'policy', undefined, { id: draftId }),
    );
    expect(got.status).toBe(200);
    expect((got.body as { diff: { parameter: string }[] }).diff.map((d) => d.parameter)).toEqual([
      'basic-pension.national-minimum',
    ]);

    const caseSet = await invoke(
      'case-sets-create',
      event('POST', '/v1/case-sets', 'policy', { name: 'two.jsonl', format: 'jsonl', content: CASES }),
    );
    expect(caseSet.body).toMatchObject({ lines: 3, format: 'jsonl' });
    const caseSetId = (caseSet.body as { id: string }).id;

    const created = await invoke(
      'simulations-create',
      event('POST', '/v1/simulations', 'policy', { draftId, caseSetId }),
    );
    expect(created.status).toBe(202);
    const id = (created.body as { id: string }).id;
    await Promise.all(running);
    const done = await invoke(
      'simulations-get',
      event('GET', `/v1/simulations/${id}`, 'policy', undefined, { id }),
    );
    expect(done.body).toMatchObject({
      status: 'done',
      progress: { percent: 100 },
      report: { summary: { cases: 2, changed: 1, errors: 1, monthlyCostDelta: '20.00' } },
    });
    expect((done.body as { reportHtml: string }).reportHtml).toContain('规则变更测算报告');

    const missing = await invoke(
      'simulations-create',
      event('POST', '/v1/simulations', 'policy', { draftId, caseSetId: draftId }),
    );
    expect(missing.status).toBe(422);
  });

  /** A stored draft and case set, as the page makes them before a run. */
  async function draftAndCaseSet() {
    const draft = await invoke('drafts-create', event('POST', '/v1/drafts', 'policy', { yaml: DRAFT }));
    const caseSet = await invoke(
      'case-sets-create',
      event('POST', '/v1/case-sets', 'policy', { name: 'two.jsonl', format: 'jsonl', content: CASES }),
    );
    return { draftId: (draft.body as { id: string }).id, caseSetId: (caseSet.body as { id: string }).id };
  }

  it('refuse a simulation beyond the running ones this process may hold: 429 with Retry-After', async () => {
    const ids = await draftAndCaseSet();
    const start = () => invoke('simulations-create', event('POST', '/v1/simulations', 'policy', ids));
    const [a, b] = [await start(), await start()];
    expect([a.status, b.status]).toEqual([202, 202]);
    const third = await start();
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('10');
    expect(third.body).toMatchObject({ status: 429, detail: expect.stringContaining('at most 2 at once') });
    await Promise.all(running);
    expect((await start()).status).toBe(202);
    await Promise.all(running);
  });

  it('in AWS only queue the run: the new item on the Policy stream starts the runner', async () => {
    const ids = await draftAndCaseSet();
    process.env.SIMULATIONS_RUN_BY = 'stream';
    let created: Awaited<ReturnType<typeof invoke>>;
    try {
      created = await invoke('simulations-create', event('POST', '/v1/simulations', 'policy', ids));
    } finally {
      delete process.env.SIMULATIONS_RUN_BY;
    }
    expect(created.status).toBe(202);
    expect(running.size).toBe(0);
    const id = (created.body as { id: string }).id;
    const item = await getPolicyItem(id, 'simulation');
    expect(item).toMatchObject({ status: 'queued' });
    // The stream record DynamoDB delivers for the insert (the event source passes only these).
    const record = {
      eventName: 'INSERT',
      dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) },
    };
    await runner({ Records: [record] } as unknown as DynamoDBStreamEvent);
    const done = await invoke(
      'simulations-get',
      event('GET', `/v1/simulations/${id}`, 'policy', undefined, { id }),
    );
    expect(done.body).toMatchObject({ status: 'done', report: { summary: { cases: 2, changed: 1 } } });
    // Delivered twice (a retried batch), it does not run again.
    await runner({ Records: [record] } as unknown as DynamoDBStreamEvent);
    expect(await getPolicyItem(id, 'simulation')).toMatchObject({ status: 'done' });
  });

  it('store a case set without its ID numbers, and replay the stored set as the uploaded one', async () => {
    const id = (order: number) => syntheticIdNumber('620102', '1950-03-10', order);
    const person = (idNumber: string) => ({
      idNumber,
      birthDate: '1950-03-10',
      hukou: [{ area: '620102', from: '1950-03-10' }],
    });
    const lines = [
      JSON.stringify({ ref: 'A-1', person: person(id(1)), month: '2026-06', recorded: { total: '150.00' } }),
      '',
      JSON.stringify({ person: person(id(2)), month: '2025-06' }),
      JSON.stringify({ person: { ...person(id(3)), birthDate: '1950-03-11' }, month: '2026-06' }),
      `{"person": {"idNumber": "${id(4)}"`,
    ];
    const csv = [
      'ref,idNumber,birthDate,area,month',
      `C-1,${id(5)},1950-03-10,620102,2026-06`,
      `C-2,${id(6)},1950-03-10,620102,2026-13`,
    ];
    const draft = await invoke('drafts-create', event('POST', '/v1/drafts', 'policy', { yaml: DRAFT }));
    const draftId = (draft.body as { id: string }).id;
    for (const [format, content] of [
      ['jsonl', lines.join('\n')],
      ['csv', csv.join('\r\n')],
    ] as const) {
      const upload = await invoke(
        'case-sets-create',
        event('POST', '/v1/case-sets', 'policy', { name: `ids.${format}`, format, content }),
      );
      expect(upload.status).toBe(201);
      expect(upload.body).toMatchObject({ lines: format === 'jsonl' ? 4 : 2, format });
      const caseSetId = (upload.body as { id: string }).id;
      const item = await getPolicyItem(caseSetId, 'case-set');
      const stored = await getBlob(item?.key as string);
      expect(stored).not.toMatch(/\d{17}[\dX]/);
      expect(stored).not.toContain('"idNumber"');

      const created = await invoke(
        'simulations-create',
        event('POST', '/v1/simulations', 'policy', { draftId, caseSetId }),
      );
      await Promise.all(running);
      const sid = (created.body as { id: string }).id;
      const done = await invoke(
        'simulations-get',
        event('GET', `/v1/simulations/${sid}`, 'policy', undefined, { id: sid }),
      );
      const { report } = done.body as {
        report: { summary: unknown; errorLines: unknown; largestChanges: unknown };
      };
      // The same file replayed as the CLI reads it: the same figures, the same bad lines, the same keys.
      const file = join(dataDir, `uploaded.${format}`);
      writeFileSync(file, content);
      const cli = await runReplay({
        casesPath: file,
        outDir: join(dataDir, `cli-${format}`),
        spec: {
          baseline: '2026.2',
          candidate: { draft: readDraftText(DRAFT), draftName: 'x' },
          today: '2026-12-01',
        },
        workers: 0,
        generatedAt: '2026-12-01T00:00:00Z',
      });
      expect(report.summary).toEqual(cli.report.summary);
      expect(report.errorLines).toEqual(cli.report.errorLines);
      expect(report.largestChanges).toEqual(cli.report.largestChanges);
      expect((report.summary as { errors: number }).errors).toBe(format === 'jsonl' ? 2 : 1);
    }
  });

  it("keep a failed simulation's cause in the log: its item says only that it failed", async () => {
    const draft = await invoke('drafts-create', event('POST', '/v1/drafts', 'policy', { yaml: DRAFT }));
    const upload = await invoke(
      'case-sets-create',
      event('POST', '/v1/case-sets', 'policy', { name: 'gone.jsonl', format: 'jsonl', content: CASES }),
    );
    const caseSetId = (upload.body as { id: string }).id;
    // The stored lines are gone (a lost blob): the replay cannot read its input.
    rmSync(localBlobPath((await getPolicyItem(caseSetId, 'case-set'))?.key as string));
    const created = await invoke(
      'simulations-create',
      event('POST', '/v1/simulations', 'policy', { draftId: (draft.body as { id: string }).id, caseSetId }),
    );
    await Promise.all(running);
    const id = (created.body as { id: string }).id;
    const failed = await invoke(
      'simulations-get',
      event('GET', `/v1/simulations/${id}`, 'policy', undefined, { id }),
    );
    expect(failed.body).toMatchObject({
      status: 'failed',
      error: `The replay could not be completed; the service log has the cause (simulation ${id}).`,
    });
    expect(failed.text).not.toContain(dataDir);
  });

  it('store a draft as its parsed object, so one given as YAML or as an object reads back the same', async () => {
    const fromYaml = await invoke('drafts-create', event('POST', '/v1/drafts', 'policy', { yaml: DRAFT }));
    const object = (fromYaml.body as { draft: Record<string, unknown> }).draft;
    const fromObject = await invoke(
      'drafts-create',
      event('POST', '/v1/drafts', 'policy', { draft: { base: '2026.2', changes: object.changes } }),
    );
    expect(fromYaml.status).toBe(201);
    expect(fromObject.status).toBe(201);
    const read = async (answer: { body: unknown }) => {
      const id = (answer.body as { id: string }).id;
      // What drafts-get and simulations-create read back: the object, never text to parse again.
      expect(typeof (await getPolicyItem(id, 'draft'))?.draft).toBe('object');
      const got = await invoke('drafts-get', event('GET', `/v1/drafts/${id}`, 'policy', undefined, { id }));
      expect(got.status).toBe(200);
      const { draft, candidate, diff } = got.body as Record<string, unknown>;
      return { draft, candidate, diff };
    };
    const a = await read(fromYaml);
    expect(a.draft).toEqual(object);
    expect(await read(fromObject)).toEqual(a);
  });

  it('serve the page without a token', async () => {
    const page = await invoke('policy-page', event('GET', '/policy', undefined));
    expect(page.status).toBe(200);
    expect(page.text).toContain('规则变更测算');
  });
});
