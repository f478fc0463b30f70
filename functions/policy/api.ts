/**
 * The policy workbench's HTTP pieces shared by its handlers: request and response schemas, the draft
 * check that turns validation problems into a 422 naming each change, and the simulation runner
 * (in process locally; the infrastructure runs big ones on a Step Functions Distributed Map calling
 * the same per-batch code, functions/replay-batch/handler.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { type Draft, diffRulesets, parseDraft } from '../../rules/draft.ts';
import {
  MonthSchema,
  RulesetIdSchema,
  RulesetValidationError,
  UnknownRulesetError,
} from '../../rules/index.ts';
import { HttpError } from '../shared/http-errors.ts';
import { logger } from '../shared/logger.ts';
import { getRegistry } from '../shared/registry.ts';
import { candidateFromDraft, readDraftText, rulesetsDir, todayInChina } from './rulesets-for-replay.ts';
import { runReplay } from './run-replay.ts';
import { blobs, policyRepository } from './store.ts';

export const IdPath = z.strictObject({ id: z.uuid('must be an id returned when it was created') });

export const DraftBody = z
  .strictObject({
    name: z.string().min(1).max(200).optional(),
    draft: z.record(z.string(), z.unknown()).optional().describe('the draft as an object'),
    yaml: z.string().min(1).max(200_000).optional().describe('or the draft file as YAML text'),
  })
  .refine((b) => (b.draft === undefined) !== (b.yaml === undefined), {
    message: 'give the draft either as `draft` (an object) or as `yaml` (text), not both',
  });

export const CaseSetBody = z.strictObject({
  name: z.string().min(1).max(200),
  format: z.enum(['jsonl', 'csv']),
  content: z.string().min(1).max(900_000).describe('the file: JSON Lines, or CSV with its header row'),
});

export const SimulationBody = z.strictObject({
  draftId: z.uuid(),
  caseSetId: z.uuid(),
  baseline: RulesetIdSchema.optional().describe('default: the draft’s base'),
  month: MonthSchema.optional().describe('evaluate every case at this month'),
});

export const AnyObject = z.record(z.string(), z.unknown());

function invalidDraft(error: RulesetValidationError): HttpError {
  return new HttpError(
    422,
    'invalid-draft',
    'The draft is not valid',
    error.message,
    error.problems.map((message) => ({ path: 'draft', message })),
  );
}

/** Parses and validates a draft against the published rulesets: the candidate and its diff. */
export function checkDraft(input: { draft?: unknown; yaml?: string | undefined }) {
  try {
    const draft: Draft = input.yaml !== undefined ? readDraftText(input.yaml) : parseDraft(input.draft);
    const registry = getRegistry();
    const candidate = candidateFromDraft(registry, draft, todayInChina());
    return { draft, candidate, diff: diffRulesets(registry.get(draft.base), candidate) };
  } catch (error) {
    if (error instanceof RulesetValidationError) throw invalidDraft(error);
    if (error instanceof UnknownRulesetError) {
      throw new HttpError(422, 'invalid-draft', 'The draft is not valid', error.message, [
        { path: 'draft.base', message: error.message },
      ]);
    }
    throw error;
  }
}

export function newId(): string {
  return randomUUID();
}

/** Replays a simulation in this process, reporting progress into its item; never throws. */
export async function runSimulationInProcess(
  id: string,
  draft: Draft,
  caseSet: { key: string; format: string; name?: string },
  options: { baseline: string; month?: string },
): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'simulation-'));
  try {
    const casesPath = join(work, `cases.${caseSet.format === 'csv' ? 'csv' : 'jsonl'}`);
    writeFileSync(casesPath, await blobs.get(caseSet.key));
    await policyRepository.update(id, { status: 'running', progress: { lines: 0, percent: 0 } });
    let last = Promise.resolve();
    const { report, files } = await runReplay({
      casesPath,
      // The name it was uploaded as, which the report shows; the storage key means nothing to staff.
      caseSetName: caseSet.name ?? caseSet.key,
      outDir: join(work, 'out'),
      spec: {
        rulesetsDir: rulesetsDir(),
        baseline: options.baseline,
        candidate: { draftText: JSON.stringify(draft), draftName: `draft ${id}` },
        today: todayInChina(),
      },
      ...(options.month !== undefined ? { month: options.month } : {}),
      workers: 1,
      onProgress: (p) => {
        const percent = p.totalBytes > 0 ? Math.floor((p.bytes / p.totalBytes) * 100) : 100;
        last = last.then(() => policyRepository.update(id, { progress: { lines: p.lines, percent } }));
      },
      generatedAt: new Date().toISOString(),
    });
    await last;
    const { readFileSync } = await import('node:fs');
    await blobs.put(`simulations/${id}/report.json`, JSON.stringify(report), 'application/json');
    await blobs.put(
      `simulations/${id}/report.html`,
      readFileSync(files.html, 'utf8'),
      'text/html; charset=utf-8',
    );
    await blobs.put(
      `simulations/${id}/report.csv`,
      readFileSync(files.csv, 'utf8'),
      'text/csv; charset=utf-8',
    );
    await policyRepository.update(id, {
      status: 'done',
      progress: { lines: report.summary.cases + report.summary.errors, percent: 100 },
      summary: report.summary,
      finishedAt: new Date().toISOString(),
    });
  } catch (error) {
    logger.error('simulation failed', { simulationId: id, error: (error as Error).message });
    await policyRepository
      .update(id, { status: 'failed', error: (error as Error).message.slice(0, 500) })
      .catch(() => undefined);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
