/**
 * How a simulation or a screening that runs after its POST has answered records its own failure:
 * the cause goes to the log (which masks ID-shaped text); the stored item, which GET
 * /v1/simulations/{id} and /v1/screenings/{id} serve, gets a fixed text, since an error's message
 * may quote data. Never throws: the run that failed has no caller left to tell.
 */
import { logger } from '../shared/logger.ts';
import { updatePolicyItem } from './store.ts';

export async function recordFailure(
  kind: 'simulation' | 'screening',
  id: string,
  /** What could not be completed, as the stored text words it: "replay", "screening". */
  what: string,
  error: unknown,
): Promise<void> {
  logger.error(`${kind} failed`, { [`${kind}Id`]: id, error: (error as Error).message });
  await updatePolicyItem(id, {
    status: 'failed',
    error: `The ${what} could not be completed; the service log has the cause (${kind} ${id}).`,
  }).catch(() => undefined);
}
