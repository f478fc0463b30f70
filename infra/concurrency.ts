/**
 * A reserved concurrency scaled for the account (`-c concurrencyScale=0.2` on a small one,
 * docs/infra.md), and never below 1: a reservation of 0 would stop the function from running at all.
 */
export function scaledConcurrency(reserved: number, scale = 1): number {
  return Math.max(1, Math.round(reserved * scale));
}
