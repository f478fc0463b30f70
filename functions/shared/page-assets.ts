/**
 * The files a page inlines: page.html beside its handler, page.js and page.css built from its
 * browser/ folder by infra/page-bundles.ts (`npm start`, the test setup, the Lambda bundling). A
 * missing build says how to make it rather than serving a page without its script.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readPageAsset(assetsDir: string, name: string): string {
  const path = join(assetsDir, name);
  if (!existsSync(path))
    throw new Error(`${name} is not built in ${assetsDir}: run npm run build:pages (npm start does)`);
  return readFileSync(path, 'utf8');
}

/** A page's built script and style, inlined as they are: a closing tag inside would end its element early. */
export function readInlineAssets(assetsDir: string, page: string): { script: string; style: string } {
  const script = readPageAsset(assetsDir, 'page.js');
  const style = readPageAsset(assetsDir, 'page.css');
  if (/<\/script/i.test(script) || /<\/style/i.test(style))
    throw new Error(`${page} page asset holds a closing tag`);
  return { script, style };
}
