/**
 * POST /v1/simulations (policy): a draft × a case set. Answers 202 at once; the replay runs after the
 * answer and reports its progress at GET /v1/simulations/{id}. In AWS a Lambda is frozen once it has
 * answered, so nothing runs here: the new item on the Policy table's stream starts the runner
 * (functions/simulations-run, SIMULATIONS_RUN_BY=stream). The local server runs it in this process,
 * at most MAX_SIMULATIONS_IN_PROCESS at once (a replay holds its case set and report in memory).
 */
import { parseDraft } from '../../rules/draft.ts';
import { checkDraft } from '../policy/check-draft.ts';
import { runStoredSimulation } from '../policy/simulation.ts';
import { getPolicyItem, newId, putPolicyItem } from '../policy/store.ts';
import { HttpError } from '../shared/http-errors.ts';
import { httpRoute } from '../shared/middleware.ts';
import { getRegistry } from '../shared/registry.ts';
import { RequestSchema, ResponseSchema } from './schema.ts';

/** Background runs of this process, so tests and a shutdown can wait for them. */
export const running = new Set<Promise<void>>();

const maxInProcess = () => Number(process.env.MAX_SIMULATIONS_IN_PROCESS ?? 2);

export const handler = httpRoute(
  { route: 'simulations-create', body: RequestSchema, response: ResponseSchema },
  async ({ body, principal }) => {
    const inProcess = process.env.SIMULATIONS_RUN_BY !== 'stream';
    if (inProcess && running.size >= maxInProcess()) {
      throw new HttpError(
        429,
        'too-many-simulations',
        'Too many simulations',
        `${running.size} simulations are running, at most ${maxInProcess()} at once; retry after Retry-After seconds.`,
      );
    }
    const draftItem = await getPolicyItem(body.draftId, 'draft');
    const caseSet = await getPolicyItem(body.caseSetId, 'case-set');
    const missing = [
      ...(draftItem ? [] : [{ path: 'draftId', message: 'no such draft' }]),
      ...(caseSet ? [] : [{ path: 'caseSetId', message: 'no such case set' }]),
    ];
    if (missing.length > 0 || !draftItem || !caseSet) {
      throw new HttpError(
        422,
        'unknown-reference',
        'Unknown draft or case set',
        'The simulation refers to something that does not exist.',
        missing,
      );
    }
    const draft = parseDraft(draftItem.draft);
    checkDraft(() => draft);
    const baseline = body.baseline ?? draft.base;
    if (!getRegistry().has(baseline)) {
      throw new HttpError(422, 'unknown-reference', 'Unknown baseline', `No published ruleset ${baseline}`, [
        { path: 'baseline', message: 'no such published ruleset' },
      ]);
    }
    const id = newId();
    await putPolicyItem({
      id,
      kind: 'simulation',
      createdAt: new Date().toISOString(),
      principalId: principal.principalId,
      status: 'queued',
      draftId: body.draftId,
      caseSetId: body.caseSetId,
      baseline,
      ...(body.month !== undefined ? { month: body.month } : {}),
      progress: { lines: 0, percent: 0 },
    });
    if (inProcess) {
      // Started after this answer is built.
      const run = new Promise<void>((resolve) => setImmediate(resolve)).then(() => runStoredSimulation(id));
      running.add(run);
      void run.finally(() => running.delete(run));
    }
    return { statusCode: 202, payload: { id, status: 'queued', location: `/v1/simulations/${id}` } };
  },
);
