/** GET /v1/simulations/{id} (policy): status and progress while it runs, then the report. */

import { getBlob } from '../policy/blobs.ts';
import { foundPolicyItem, shownFields } from '../policy/found-item.ts';
import { AnyObject, IdPath } from '../policy/schemas.ts';
import { httpRoute } from '../shared/middleware.ts';

export const handler = httpRoute(
  { route: 'simulations-get', path: IdPath, response: AnyObject },
  async ({ path }) => {
    const item = await foundPolicyItem(path.id, 'simulation');
    const shown = shownFields(item);
    if (item.status !== 'done') return { payload: shown };
    const report = JSON.parse(await getBlob(`simulations/${item.id}/report.json`)) as unknown;
    const html = await getBlob(`simulations/${item.id}/report.html`);
    return { payload: { ...shown, report, reportHtml: html } };
  },
);
