/**
 * `npm run lint:openapi`: writes the document GET /openapi.json serves to a temporary file and lints
 * it with Redocly CLI (its recommended rules) and Spectral (spectral:oas), configured in
 * test/api/openapi-lint/. Fails when either reports an error; warnings are printed and pass.
 * Both run from node_modules, with Redocly's usage data and update check off.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../../functions/openapi/document.ts';

const ROOT = join(import.meta.dirname, '../..');
const CONFIG = join(import.meta.dirname, 'openapi-lint');
const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);

function run(label: string, command: string, args: readonly string[]): boolean {
  process.stdout.write(`\n== ${label}\n`);
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  if (result.error) process.stderr.write(`${label} could not run: ${result.error.message}\n`);
  return result.status === 0;
}

const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
try {
  const file = join(dir, 'openapi.json');
  writeFileSync(file, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
  const redocly = run('Redocly CLI', bin('redocly'), [
    'lint',
    file,
    '--config',
    join(CONFIG, 'redocly.yaml'),
  ]);
  const spectral = run('Spectral', bin('spectral'), [
    'lint',
    file,
    '--ruleset',
    join(CONFIG, 'spectral.yaml'),
    '--fail-severity',
    'error',
  ]);
  if (!redocly || !spectral) {
    process.stderr.write(
      `\nlint:openapi failed:${redocly ? '' : ' Redocly'}${spectral ? '' : ' Spectral'}\n`,
    );
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
