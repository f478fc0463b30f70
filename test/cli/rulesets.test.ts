/** npm run rulesets: the published rulesets, newest last, as a table or as JSON. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_RULESETS_DIR,
  loadRulesets,
  readRulesetFolder,
} from '../../functions/shared/load-rulesets.ts';
import { Ruleset } from '../../rules/index.ts';
import { runCli } from './run-cli.ts';

const rulesets = (args: string[], env?: Record<string, string>) =>
  runCli('npm', ['run', '--silent', 'rulesets', ...(args.length > 0 ? ['--', ...args] : [])], {
    ...(env ? { env } : {}),
  });

let dir: string;

/** Publishes a copy of 2026.2 under another id (hash recomputed), as a later version would be. */
function publishCopy(id: string): void {
  const target = join(dir, id);
  cpSync(join(DEFAULT_RULESETS_DIR, '2026.2'), target, { recursive: true });
  const manifestFile = join(target, 'ruleset.yaml');
  const manifest = readFileSync(manifestFile, 'utf8')
    .replace(/^id: .*$/m, `id: "${id}"`)
    .replace(/^hash: .*$/m, '');
  writeFileSync(manifestFile, manifest);
  const { hash } = Ruleset.build(readRulesetFolder(target), { verifyHash: false });
  writeFileSync(manifestFile, `${manifest.trimEnd()}\nhash: ${hash}\n`);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rulesets-cli-'));
  cpSync(join(DEFAULT_RULESETS_DIR, '2026.1'), join(dir, '2026.1'), { recursive: true });
  // 2026.10 is newer than 2026.9, which is newer than 2026.1: ids order as numbers, not text.
  publishCopy('2026.10');
  publishCopy('2026.9');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run rulesets', () => {
  it('lists the published ruleset with its verified hash and publication date', async () => {
    const run = await rulesets([]);
    expect(run.status).toBe(0);
    const published = loadRulesets().latest;
    const [header, ...rows] = run.stdout.trimEnd().split('\n');
    const row = rows.at(-1);
    expect(header).toMatch(/^id\s+published\s+hash\s+description$/);
    expect(row).toContain(published.id);
    expect(row).toContain(published.hash);
    expect(row).toContain(published.manifest.publishedAt);
  });

  it('lists newest last, by version number', async () => {
    const run = await rulesets([], { RULESETS_DIR: dir });
    expect(run.status).toBe(0);
    const ids = run.stdout
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.split(/\s+/)[0]);
    expect(ids).toEqual(['2026.1', '2026.9', '2026.10']);
  });

  it('answers --json as GET /v1/rulesets does', async () => {
    const run = await rulesets(['--json'], { RULESETS_DIR: dir });
    expect(run.status).toBe(0);
    const body = JSON.parse(run.stdout) as { rulesets: { id: string; hash: string }[]; latest: string };
    expect(body.latest).toBe('2026.10');
    expect(body.rulesets.map((r) => r.id)).toEqual(['2026.1', '2026.9', '2026.10']);
    for (const r of body.rulesets) expect(r.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(body.rulesets[0]).toEqual(loadRulesets().get('2026.1').summary());
  });

  it('refuses to list a ruleset whose content no longer matches its published hash', async () => {
    const parameters = join(dir, '2026.9', 'parameters', 'account-pension', 'divisor.yaml');
    writeFileSync(parameters, readFileSync(parameters, 'utf8').replace('value: 139', 'value: 138'));
    const run = await rulesets([], { RULESETS_DIR: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('immutable');
  });

  it('exits 2 on an unknown option', async () => {
    const run = await rulesets(['--yaml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Unknown option '--yaml'");
  });
});
