/**
 * A worker thread of the local screening: classifies whole partition files
 * (./partitions.ts) with `screenBundles`, the per-batch code the Step Functions batch Lambda runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadRulesets } from '../shared/load-rulesets.ts';
import { screenBundles } from './batch.ts';
import { readPartition } from './partitions.ts';

export interface ScreeningWorkerInit {
  readonly rulesetsDir: string;
  readonly ruleset: string;
  readonly month: string;
}

const init = workerData as ScreeningWorkerInit;
const ruleset = loadRulesets(init.rulesetsDir).get(init.ruleset);

parentPort?.on('message', (m: { seq: number; paths: string[] }) => {
  try {
    const result = screenBundles(readPartition(m.paths), ruleset, init.month);
    parentPort?.postMessage({ seq: m.seq, ...result });
  } catch (error) {
    parentPort?.postMessage({ seq: m.seq, error: (error as Error).message });
  }
});
