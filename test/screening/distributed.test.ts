/**
 * The local run and the Step Functions run agree: the bundle file the Prepare step writes, cut into
 * the Distributed Map's batches and given to the batch Lambda's handler (as the map's items
 * { index, bundle }), yields the same persons, in the same order, and the same table per area and
 * class as the local run over the same files, however the batches are cut.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeTally, type Tally } from '../../functions/screening/batch.ts';
import { writeBundleFile } from '../../functions/screening/bundle-file.ts';
import type { Bundle } from '../../functions/screening/classify.ts';
import type { ScreeningSummary } from '../../functions/screening/output.ts';
import { summaryRows } from '../../functions/screening/output.ts';
import { formatOf, type ListInput } from '../../functions/screening/read-list.ts';
import { runScreening } from '../../functions/screening/run-screening.ts';
import { handler, type ScreeningBatchOutput } from '../../functions/screening-batch/handler.ts';
import { rulesetFor } from '../../functions/screening-batch/spec.ts';
import { SCREENING_LIMITS } from '../../infra/stacks/screening-stack.ts';
import { generateScreening, SCREENING_FILES } from '../bench/generate-screening.ts';
import { expectPlantedFound, parsePersons, TEST_KEY } from './planted.ts';

const dir = mkdtempSync(join(tmpdir(), 'screening-map-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const generated = generateScreening({ out: join(dir, 'lists'), n: 600, seed: 11 });

const files: [ListInput['kind'], string][] = [
  ['hukou', SCREENING_FILES.hukou],
  ...SCREENING_FILES.hardship.map((f) => ['hardship', f] as [ListInput['kind'], string]),
  ['roll', SCREENING_FILES.roll],
  ...SCREENING_FILES.exclusions.map((f) => ['exclusions', f] as [ListInput['kind'], string]),
];
const lists: ListInput[] = files.map(([kind, name]) => {
  const path = join(generated.dir, name);
  return {
    kind,
    name,
    format: formatOf(name),
    path,
    size: statSync(path).size,
    bytes: () => createReadStream(path),
  };
});

let local: ScreeningSummary;
let localPersons: string;
let bundles: Bundle[];

beforeAll(async () => {
  local = await runScreening({
    input: { lists, totalBytes: lists.reduce((n, l) => n + (l.size ?? 0), 0), key: TEST_KEY },
    month: generated.month,
    outDir: join(dir, 'local'),
    generatedAt: '2026-12-06T00:00:00.000Z',
  });
  localPersons = readFileSync(join(dir, 'local', 'results.jsonl'), 'utf8');
  const file = await writeBundleFile(lists, TEST_KEY, mkdtempSync(join(dir, 'prepare-')));
  bundles = readFileSync(file.path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Bundle);
  expect(file.bundles).toBe(bundles.length);
  expect(file.badRows).toHaveLength(generated.badRows.length);
}, 120_000);

/** The map's run: batches of `size` items, each through the batch Lambda's handler. */
async function mapRun(size: number) {
  const outputs: ScreeningBatchOutput[] = [];
  for (let i = 0; i < bundles.length; i += size) {
    const Items = bundles.slice(i, i + size).map((bundle, k) => ({ index: i + k, bundle }));
    outputs.push(
      await handler({
        Items,
        BatchInput: { month: generated.month, ruleset: local.ruleset, resultsPrefix: 'screenings/test' },
      }),
    );
  }
  const tally: Tally = {};
  for (const o of outputs) mergeTally(tally, o.tally);
  const persons = outputs
    .flatMap((o) => o.persons ?? [])
    .map((p) => `${JSON.stringify(p)}\n`)
    .join('');
  return { persons, tally, withFindings: outputs.reduce((n, o) => n + o.withFindings, 0) };
}

describe('Step Functions batches and the local run', () => {
  it.each([SCREENING_LIMITS.maxItemsPerBatch, 37, 1])(
    'give the same persons and table in batches of %i',
    async (size) => {
      const run = await mapRun(size);
      expect(run.persons).toBe(localPersons);
      expect(run.withFindings).toBe(local.withFindings);
      const ruleset = rulesetFor({ month: generated.month, ruleset: local.ruleset });
      const { areas, total } = summaryRows(run.tally, (code) => ruleset.areas.get(code)?.name);
      expect(areas).toEqual(local.areas);
      expect(total).toEqual(local.total);
    },
  );

  it('and the map finds every planted case', async () => {
    expectPlantedFound(
      parsePersons((await mapRun(SCREENING_LIMITS.maxItemsPerBatch)).persons),
      generated.planted,
    );
  });
});
