/**
 * Runs a simulation of the policy API in this process (the local server; the infrastructure runs big
 * ones on a Step Functions Distributed Map calling the same per-batch code,
 * functions/replay-batch/handler.ts) and keeps its item and report blobs up to date.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Draft, parseDraft } from '../../rules/draft.ts';
import { getBlob, putBlob } from './blobs.ts';
import { recordFailure } from './failed-job.ts';
import { rulesetsDir, todayInChina } from './rulesets-for-replay.ts';
import { runReplay } from './run-replay.ts';
import { getPolicyItem, updatePolicyItem } from './store.ts';

/** Replays a simulation in this process, reporting progress into its item; never throws. */
async function runSimulationInProcess(
  id: string,
  draft: Draft,
  caseSet: { key: string; format: string; name?: string; stored?: string },
  options: { baseline: string; month?: string },
): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'simulation-'));
  // Uploads are stored as checked records (./case-set-records.ts); one stored before that, as sent.
  const format = caseSet.stored === 'records' ? 'records' : caseSet.format === 'csv' ? 'csv' : 'jsonl';
  try {
    const casesPath = join(work, `cases.${format === 'csv' ? 'csv' : 'jsonl'}`);
    writeFileSync(casesPath, await getBlob(caseSet.key));
    await updatePolicyItem(id, { status: 'running', progress: { lines: 0, percent: 0 } });
    let last = Promise.resolve();
    const { report, files } = await runReplay({
      casesPath,
      format,
      // The name it was uploaded as, which the report shows; the storage key means nothing to staff.
      caseSetName: caseSet.name ?? caseSet.key,
      outDir: join(work, 'out'),
      spec: {
        rulesetsDir: rulesetsDir(),
        baseline: options.baseline,
        // The stored draft object itself: no round trip through text and a parser.
        candidate: { draft, draftName: `draft ${id}` },
        today: todayInChina(),
      },
      ...(options.month !== undefined ? { month: options.month } : {}),
      workers: 1,
      onProgress: (p) => {
        const percent = p.totalBytes > 0 ? Math.floor((p.bytes / p.totalBytes) * 100) : 100;
        last = last.then(() => updatePolicyItem(id, { progress: { lines: p.lines, percent } }));
      },
      generatedAt: new Date().toISOString(),
    });
    await last;
    await putBlob(`simulations/${id}/report.json`, JSON.stringify(report), 'application/json');
    await putBlob(
      `simulations/${id}/report.html`,
      readFileSync(files.html, 'utf8'),
      'text/html; charset=utf-8',
    );
    await putBlob(`simulations/${id}/report.csv`, readFileSync(files.csv, 'utf8'), 'text/csv; charset=utf-8');
    await updatePolicyItem(id, {
      status: 'done',
      progress: { lines: report.summary.cases + report.summary.errors, percent: 100 },
      summary: report.summary,
      finishedAt: new Date().toISOString(),
    });
  } catch (error) {
    await recordFailure('simulation', id, 'replay', error);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Runs a stored simulation item (queued by POST /v1/simulations): its draft and case set read back
 * from the store. The one way a simulation starts, in this process (the local server) or in the
 * runner function that the Policy table's stream starts in AWS (functions/simulations-run).
 */
export async function runStoredSimulation(id: string): Promise<void> {
  const simulation = await getPolicyItem(id, 'simulation');
  if (simulation?.status !== 'queued') return; // already run, or gone
  const draftItem = await getPolicyItem(simulation.draftId as string, 'draft');
  const caseSet = await getPolicyItem(simulation.caseSetId as string, 'case-set');
  if (!draftItem || !caseSet) {
    await updatePolicyItem(id, { status: 'failed', error: 'the draft or the case set no longer exists' });
    return;
  }
  await runSimulationInProcess(
    id,
    parseDraft(draftItem.draft),
    {
      key: caseSet.key as string,
      format: caseSet.format as string,
      name: caseSet.name as string,
      ...(typeof caseSet.stored === 'string' ? { stored: caseSet.stored } : {}),
    },
    {
      baseline: simulation.baseline as string,
      ...(typeof simulation.month === 'string' ? { month: simulation.month } : {}),
    },
  );
}
