/**
 * Serving a page (the caseworker, policy and screening pages): one self-contained HTML document,
 * built once per process at the first request (cold start), answered with the same headers. Its
 * Content-Security-Policy lets only the page's own inline script run (by its SHA-256) and its
 * requests go to its own origin; nosniff, no referrer, no framing.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface Page {
  readonly html: string;
  readonly csp: string;
}

/** The CSP source that admits exactly this inline script or style. */
export const cspHash = (text: string) =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** A page's policy: nothing by default; these sources for its script, style, images and frames. */
export function pageCsp(sources: {
  readonly script: string;
  readonly style: string;
  readonly img: string;
  readonly frame?: string;
}): string {
  return [
    "default-src 'none'",
    `script-src ${sources.script}`,
    `style-src ${sources.style}`,
    "connect-src 'self'",
    `img-src ${sources.img}`,
    ...(sources.frame ? [`frame-src ${sources.frame}`] : []),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The GET handler of a page: `build` runs at the first request, its page is answered from then on. */
export function pageHandler(build: () => Page): () => Promise<APIGatewayProxyStructuredResultV2> {
  let page: Page | undefined;
  return async () => {
    page ??= build();
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': page.csp,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      },
      body: page.html,
    };
  };
}
