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
