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

/** The staff pages: the caseworker's form, the policy workbench and the coverage screening. */
const STAFF_PAGES = [
  { path: './', name: '经办人员待遇核算页面' },
  { path: './policy', name: '规则变更测算' },
  { path: './screening', name: '应保尽保比对' },
] as const;

/**
 * A workbench page (policy, screening): the shared head and header, the page's sections, and a
 * footer linking the other staff pages; its built style and script inlined.
 */
export function workbenchDocument(page: {
  readonly path: (typeof STAFF_PAGES)[number]['path'];
  readonly title: string;
  readonly heading: string;
  readonly sub: string;
  readonly sections: string;
  readonly style: string;
  readonly script: string;
}): string {
  const links = STAFF_PAGES.filter((p) => p.path !== page.path).map(
    (p) => `<a href="${p.path}">${p.name}</a>`,
  );
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><link rel="icon" href="data:,">
<title>${page.title}</title><style>${page.style}</style></head>
<body>
<header class="top"><div class="top-inner">
<h1>${page.heading}</h1>
<p class="sub">${page.sub}</p>
</div></header>
<main>
${page.sections}</main>
<footer class="foot"><p>${links.join(' · ')} · 金额以元为单位、精确到分。</p></footer>
<script type="module">${page.script}</script>
</body></html>
`;
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
