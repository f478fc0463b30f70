/**
 * Runs the screenings POST /v1/screenings queued, in AWS: the Policy table's stream delivers each new
 * item, filtered by the event source to inserted screening items (infra/stacks/service-stack.ts). A
 * run records its own failure on its item (functions/screening/api-run.ts), so a batch never fails
 * for one screening and is never retried into a second run.
 */
import { runInsertedItems } from '../policy/inserted-items.ts';
import { runStoredScreening } from '../screening/api-run.ts';

export const handler = runInsertedItems('screening', runStoredScreening);
