/**
 * The API's screenings: uploaded lists read (and pseudonymised) when they arrive, stored without ID
 * numbers, then screened after POST /v1/screenings has answered, by the same runScreening as the
 * CLI. Locally the server runs them in its own process; in AWS the Policy table's stream starts
 * functions/screenings-run for each new screening item.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getBlob, putBlob } from '../policy/blobs.ts';
import { recordFailure } from '../policy/failed-job.ts';
import { getPolicyItem, updatePolicyItem } from '../policy/store.ts';
import type { BadRow, ListKind, ScreeningRecord } from './lists.ts';
import { formatOf, type ListFormat, type ListReadResult, readList } from './read-list.ts';
import { OUTPUT_FILES, type PreparedLists, runScreening } from './run-screening.ts';

export const screeningBlob = (id: string, file: string) => `screenings/${id}/${file}`;
const INPUT = 'input.jsonl';

/** An uploaded list: its kind, name, format and bytes. */
export interface UploadedList {
  readonly list: ListKind;
  readonly name: string;
  readonly format?: ListFormat;
  readonly bytes: Buffer;
}

/** Reads uploaded lists; a list the reader refuses whole is answered with its index and why. */
export async function readUploadedLists(
  uploads: readonly UploadedList[],
  key: Buffer,
): Promise<PreparedLists | { index: number; refused: string }> {
  const records: ScreeningRecord[] = [];
  const badRows: BadRow[] = [];
  const lists: ListReadResult[] = [];
  for (const [index, upload] of uploads.entries()) {
    const result = await readList(
      {
        kind: upload.list,
        name: upload.name,
        format: upload.format ?? formatOf(upload.name),
        bytes: async function* () {
          yield upload.bytes;
        },
      },
      key,
      { record: (r) => records.push(r), bad: (b) => badRows.push(b) },
    );
    if (result.refused) return { index, refused: result.refused };
    lists.push(result);
  }
  // In list order, then line order (the CSV parser reports a broken quote ahead of earlier rows).
  const order = new Map(uploads.map((u, i) => [u.name, i]));
  badRows.sort((a, b) => (order.get(a.source) ?? 0) - (order.get(b.source) ?? 0) || a.line - b.line);
  return { records, badRows, lists };
}

/** Stores read lists as the screening's input: a line of list results and bad rows, then the records. */
export async function storeScreeningInput(id: string, prepared: PreparedLists): Promise<void> {
  const head = JSON.stringify({ lists: prepared.lists, badRows: prepared.badRows });
  const lines = prepared.records.map((r) => JSON.stringify(r));
  await putBlob(screeningBlob(id, INPUT), `${[head, ...lines].join('\n')}\n`, 'application/x-ndjson');
}

async function readScreeningInput(id: string): Promise<PreparedLists> {
  const [head = '{}', ...lines] = (await getBlob(screeningBlob(id, INPUT))).split('\n');
  const { lists, badRows } = JSON.parse(head) as { lists: ListReadResult[]; badRows: BadRow[] };
  return {
    lists,
    badRows,
    records: lines.filter((l) => l !== '').map((l) => JSON.parse(l) as ScreeningRecord),
  };
}

/** Runs a stored, queued screening; records its outcome on its item and never throws. */
export async function runStoredScreening(id: string): Promise<void> {
  let work: string | undefined;
  try {
    const item = await getPolicyItem(id, 'screening');
    if (item?.status !== 'queued') return; // already run, or gone
    work = mkdtempSync(join(tmpdir(), 'screening-api-'));
    await updatePolicyItem(id, { status: 'running', progress: { percent: 0 } });
    let previousDir: string | undefined;
    if (typeof item.previousId === 'string') {
      previousDir = join(work, 'previous');
      mkdirSync(previousDir);
      writeFileSync(
        join(previousDir, OUTPUT_FILES.persons),
        await getBlob(screeningBlob(item.previousId, OUTPUT_FILES.persons)),
      );
      writeFileSync(
        join(previousDir, OUTPUT_FILES.summary),
        await getBlob(screeningBlob(item.previousId, OUTPUT_FILES.summary)),
      );
    }
    const outDir = join(work, 'out');
    let last = Promise.resolve();
    let shown = 0;
    const summary = await runScreening({
      input: await readScreeningInput(id),
      month: item.month as string,
      ...(typeof item.ruleset === 'string' ? { ruleset: item.ruleset } : {}),
      outDir,
      ...(previousDir ? { previousDir } : {}),
      byTownship: item.byTownship === true,
      workers: 0,
      onProgress: (p) => {
        const percent = p.phase === 'reading' ? 0 : Math.floor((p.done / p.total) * 100);
        if (percent - shown < 10) return;
        shown = percent;
        last = last.then(() => updatePolicyItem(id, { progress: { percent } }));
      },
      generatedAt: new Date().toISOString(),
    });
    await last;
    const files: [string, string][] = [
      [OUTPUT_FILES.persons, 'application/x-ndjson'],
      [OUTPUT_FILES.csv, 'text/csv; charset=utf-8'],
      [OUTPUT_FILES.summary, 'application/json'],
      [OUTPUT_FILES.summaryCsv, 'text/csv; charset=utf-8'],
      [OUTPUT_FILES.badRows, 'text/csv; charset=utf-8'],
    ];
    for (const [file, type] of files)
      await putBlob(screeningBlob(id, file), readFileSync(join(outDir, file), 'utf8'), type);
    const townships: string[] = [];
    if (item.byTownship === true) {
      for (const file of readdirSync(join(outDir, OUTPUT_FILES.townships)).sort()) {
        townships.push(file.replace(/\.csv$/, ''));
        await putBlob(
          screeningBlob(id, `${OUTPUT_FILES.townships}/${file}`),
          readFileSync(join(outDir, OUTPUT_FILES.townships, file), 'utf8'),
          'text/csv; charset=utf-8',
        );
      }
    }
    await updatePolicyItem(id, {
      status: 'done',
      progress: { percent: 100 },
      summary,
      townships,
      finishedAt: new Date().toISOString(),
    });
  } catch (error) {
    await recordFailure('screening', id, 'screening', error);
  } finally {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  }
}
