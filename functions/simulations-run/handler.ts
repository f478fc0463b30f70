/**
 * Runs the simulations POST /v1/simulations queued, in AWS: the Policy table's stream delivers each
 * new item, filtered by the event source to inserted simulation items (infra/stacks/service-stack.ts).
 * A run records its own failure on its item (functions/policy/simulation.ts), so a batch never fails
 * for one simulation and is never retried into a second run.
 */
import { runInsertedItems } from '../policy/inserted-items.ts';
import { runStoredSimulation } from '../policy/simulation.ts';

export const handler = runInsertedItems('simulation', runStoredSimulation);
