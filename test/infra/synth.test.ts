/**
 * The real thing, once: `cdk synth` through the CLI, offline, with bundling by the local esbuild and
 * cdk-nag's checks as a synthesis plugin (a finding would fail the command). Every function asset is
 * an ESM bundle with its source map; route and replay functions carry the ruleset snapshots, and
 * the caseworker page its assets.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { FUNCTION_ASSETS, FUNCTION_PAGES, REPO_ROOT } from '../../infra/bundling.ts';

const run = promisify(execFile);
const outdir = mkdtempSync(join(tmpdir(), 'pension-cdk-synth-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('cdk synth', () => {
  it('synthesizes every stack offline with bundled functions and no cdk-nag finding', {
    timeout: 300_000,
  }, async () => {
    await run('npx', ['cdk', 'synth', '--quiet', '-o', outdir], {
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    });
    for (const stack of ['PensionService', 'PensionReplay', 'PensionScreening']) {
      const template = readFileSync(join(outdir, `${stack}.template.json`), 'utf8');
      expect(template).toContain('nodejs24.x');
      expect(template).not.toMatch(/nodejs(1\d|20)\.x/);
    }
    const assets = readdirSync(outdir).filter((d) => d.startsWith('asset.'));
    const bundles = assets.filter((d) => existsSync(join(outdir, d, 'index.mjs')));
    expect(bundles.length).toBeGreaterThan(10);
    for (const b of bundles) expect(existsSync(join(outdir, b, 'index.mjs.map')), b).toBe(true);
    // Rulesets travel as one JSON snapshot each (the YAML parser stays out of the bundles).
    const withRulesets = bundles.filter((b) => existsSync(join(outdir, b, 'rulesets', '2026.1.json')));
    expect(bundles.filter((b) => existsSync(join(outdir, b, 'rulesets', '2026.1')))).toEqual([]);
    // Every bundle but the two authorizer functions carries the rulesets.
    expect(withRulesets.length).toBe(bundles.length - 2);
    // The pages' bundles have assets/: the caseworker page every file of its folder, each page the
    // page.js and page.css built from its browser code.
    const withAssets = bundles.filter((b) => existsSync(join(outdir, b, 'assets')));
    expect(withAssets.length).toBe(Object.keys(FUNCTION_PAGES).length);
    for (const b of withAssets) {
      for (const file of ['page.js', 'page.css'])
        expect(existsSync(join(outdir, b, 'assets', file)), file).toBe(true);
    }
    const caseworker = withAssets.filter((b) => existsSync(join(outdir, b, 'assets', 'page.html')));
    expect(caseworker.length).toBe(1);
    for (const file of readdirSync(join(REPO_ROOT, FUNCTION_ASSETS['caseworker-page'] as string))) {
      expect(existsSync(join(outdir, caseworker[0] as string, 'assets', file)), file).toBe(true);
    }
  });
});
