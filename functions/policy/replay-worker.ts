/**
 * A worker thread of the replay: builds the two rulesets once, then replays each batch of raw lines
 * it is sent and answers with the batch's aggregates and changed-case rows.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type CaseSetFormat, type RawLines, replayRawLines } from './batch-parse.ts';
import type { ReplayOptions } from './replay.ts';
import { type ReplayRulesetSpec, resolveReplayRulesets } from './rulesets-for-replay.ts';
import { UnaffectedCheck } from './unaffected.ts';

export interface WorkerInit {
  readonly spec: ReplayRulesetSpec;
  readonly format: CaseSetFormat;
  readonly options: Omit<ReplayOptions, 'onChanged'>;
}

const init = workerData as WorkerInit;
const { baseline, candidate } = resolveReplayRulesets(init.spec);
const unaffected = new UnaffectedCheck(baseline, candidate);

parentPort?.on('message', (message: { seq: number; lines: RawLines }) => {
  try {
    const result = replayRawLines(message.lines, init.format, baseline, candidate, init.options, unaffected);
    parentPort?.postMessage({ seq: message.seq, ...result });
  } catch (error) {
    parentPort?.postMessage({ seq: message.seq, error: (error as Error).message });
  }
});
