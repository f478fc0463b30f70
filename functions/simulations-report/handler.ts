/**
 * GET /v1/simulations/{id}/{file} (policy): a finished simulation's report as a file to keep: CSV
 * for Excel and WPS, JSON, or the self-contained HTML, each as an attachment with a Chinese name.
 */
import { getBlob } from '../policy/blobs.ts';
import { foundPolicyItem } from '../policy/found-item.ts';
import { HttpError, notFound } from '../shared/http-errors.ts';
import { httpRoute } from '../shared/middleware.ts';
import { PathSchema, REPORT_FILES, ResponseSchema } from './schema.ts';

export const handler = httpRoute(
  { route: 'simulations-report', path: PathSchema, response: ResponseSchema },
  async ({ path }) => {
    const item = await foundPolicyItem(path.id, 'simulation');
    if (item.status !== 'done')
      throw new HttpError(
        409,
        'not-finished',
        'The simulation has not finished',
        `Simulation ${path.id} is ${String(item.status)}; its report exists once it is done.`,
      );
    let text: string;
    try {
      text = await getBlob(`simulations/${item.id}/${path.file}`);
    } catch (error) {
      // A file this run did not write (a local ENOENT, S3's NoSuchKey) is missing, not a failure.
      const { code, name } = error as { code?: string; name?: string };
      if (code === 'ENOENT' || name === 'NoSuchKey')
        throw notFound(`The ${path.file} of simulation ${path.id}`);
      throw error;
    }
    const extension = path.file.slice('report.'.length);
    const name = `规则变更测算报告-${path.id.slice(0, 8)}.${extension}`;
    return {
      payload: text,
      headers: {
        'content-type': REPORT_FILES[path.file],
        // An ASCII name for old clients, the Chinese one (RFC 6266 / 5987) for the rest.
        'content-disposition': `attachment; filename="simulation-${path.id.slice(0, 8)}-report.${extension}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      },
    };
  },
);
