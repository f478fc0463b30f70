/**
 * Lists the published rulesets, newest last:
 *
 *   npm run rulesets            id, publication date, hash and description, one ruleset a line
 *   npm run rulesets -- --json  the same as GET /v1/rulesets answers it, for machines
 *
 * Loading verifies every ruleset's content hash, so a listed ruleset is one the engine will use.
 */
import { parseArgs } from 'node:util';
import { getRegistry } from '../shared/registry.ts';

const USAGE = 'usage: npm run rulesets [-- --json]';

function main(): number {
  let json: boolean;
  try {
    const { values } = parseArgs({
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    json = values.json ?? false;
  } catch (error) {
    process.stderr.write(`rulesets: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let registry: ReturnType<typeof getRegistry>;
  try {
    registry = getRegistry();
  } catch (error) {
    process.stderr.write(`rulesets: ${(error as Error).message}\n`);
    return 1;
  }
  const rulesets = registry.list();
  if (json) {
    process.stdout.write(`${JSON.stringify({ rulesets, latest: registry.latest.id }, null, 2)}\n`);
    return 0;
  }
  const rows = [['id', 'published', 'hash', 'description']];
  for (const r of rulesets) rows.push([r.id, r.publishedAt, r.hash, r.description]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => (row[i] as string).length)));
  for (const row of rows) {
    const cells = row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] as number) : cell));
    process.stdout.write(`${cells.join('  ').trimEnd()}\n`);
  }
  return 0;
}

process.exitCode = main();
