/**
 * Vitest global setup: the pages' browser code is built (infra/page-bundles.ts) before any test
 * serves a page, as `npm start` builds it before serving, so no test reads a stale or missing bundle.
 */
import { buildPageBundles } from '../infra/page-bundles.ts';

export default async function setup(): Promise<void> {
  await buildPageBundles();
}
