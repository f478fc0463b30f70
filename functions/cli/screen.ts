/**
 * npm run screen -- --hukou F --hardship F... --roll F --exclusions F... --month YYYY-MM --out DIR
 *   [--ruleset ID] [--previous DIR] [--by-township] [--workers N]
 * Coverage screening (应保尽保, docs/screening.md): cross-checks the hukou roster, hardship lists, the
 * pension roll and exclusion lists (CSV or JSON Lines, UTF-8 or GBK) and writes each person's
 * findings, the weekly dispatch table and the bad rows to DIR. ID numbers are joined by their keyed
 * pseudonym (PSEUDONYM_KEY, else the local server's key under DATA_DIR, default .data): the same key
 * must be used for a run and the previous run it is compared with.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { RulesError } from '../../rules/index.ts';
import { loadOrCreateSecrets } from '../local/secrets.ts';
import type { ListKind } from '../screening/lists.ts';
import { formatOf, type ListInput } from '../screening/read-list.ts';
import { runScreening, type ScreeningProgress } from '../screening/run-screening.ts';
import { loadPseudonymKey } from '../shared/pseudonym.ts';

const USAGE =
  'usage: npm run screen -- --hukou F [--hardship F]... [--roll F] [--exclusions F]... --month YYYY-MM --out DIR [--ruleset ID] [--previous DIR] [--by-township] [--workers N]';

function progressBar(started: number): (p: ScreeningProgress) => void {
  const tty = process.stderr.isTTY === true;
  let last = '';
  let lastAt = 0;
  return (p) => {
    const ratio = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const label = p.phase === 'reading' ? '读取名单 reading ' : '比对测算 screening';
    if (tty) {
      const now = Date.now();
      if (now - lastAt < 100 && ratio < 1) return;
      lastAt = now;
      const width = 30;
      const filled = Math.round(ratio * width);
      process.stderr.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${seconds} s`,
      );
      if (ratio >= 1) process.stderr.write('\n');
    } else {
      const step = `${p.phase} ${Math.floor(ratio * 10) * 10}%`;
      if (step !== last) {
        last = step;
        process.stderr.write(`screen: ${step} (${seconds} s)\n`);
      }
    }
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      hukou: { type: 'string', multiple: true },
      hardship: { type: 'string', multiple: true },
      roll: { type: 'string', multiple: true },
      exclusions: { type: 'string', multiple: true },
      month: { type: 'string' },
      out: { type: 'string' },
      ruleset: { type: 'string' },
      previous: { type: 'string' },
      'by-township': { type: 'boolean', default: false },
      workers: { type: 'string', default: '2' },
      'rulesets-dir': { type: 'string' },
    },
  });
  if (!values.hukou?.length || !values.month || !values.out) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const lists: ListInput[] = [];
  for (const kind of ['hukou', 'hardship', 'roll', 'exclusions'] as const satisfies readonly ListKind[]) {
    for (const path of values[kind] ?? []) {
      if (!existsSync(path)) {
        process.stderr.write(`--${kind}: no such file ${path}\n`);
        return 2;
      }
      lists.push({
        kind,
        name: basename(path),
        format: formatOf(path),
        size: statSync(path).size,
        path,
        bytes: () => createReadStream(path, { highWaterMark: 1 << 20 }),
      });
    }
  }
  if (values.previous && !existsSync(`${values.previous}/results.jsonl`)) {
    process.stderr.write(`--previous: ${values.previous} holds no results.jsonl of an earlier run\n`);
    return 2;
  }
  const workers = Number(values.workers);
  if (!Number.isInteger(workers) || workers < 0) {
    process.stderr.write('--workers must be a whole number (0 runs in one thread)\n');
    return 2;
  }
  if (!process.env.PSEUDONYM_KEY) {
    process.env.PSEUDONYM_KEY = loadOrCreateSecrets(process.env.DATA_DIR ?? '.data').pseudonymKey;
  }
  const key = await loadPseudonymKey();
  const started = Date.now();
  try {
    const summary = await runScreening({
      input: { lists, totalBytes: lists.reduce((n, l) => n + (l.size ?? 0), 0), key },
      month: values.month,
      ...(values.ruleset ? { ruleset: values.ruleset } : {}),
      ...(values['rulesets-dir'] ? { rulesetsDir: values['rulesets-dir'] } : {}),
      outDir: values.out,
      ...(values.previous ? { previousDir: values.previous } : {}),
      byTownship: values['by-township'],
      workers,
      onProgress: progressBar(started),
      generatedAt: new Date().toISOString(),
    });
    const t = summary.total;
    const lines = [
      `screened ${summary.screened} persons under ruleset ${summary.ruleset} for ${summary.month} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `  should enrol ${t.classes['should-enrol']}, premium due ${t.classes['premium-due']} (${t.premiumDue} yuan), should draw ${t.classes['should-draw']}, back pay due ${t.classes['back-pay-due']} (${t.backPayDue} yuan)`,
      `  excluded ${t.classes.excluded}, data problems ${t.classes['data-problem']}, bad rows ${summary.badRows}`,
      ...(t.comparison
        ? [
            `  against the previous run: ${t.comparison.new} new, ${t.comparison['still-open']} still open, ${t.comparison.resolved} resolved`,
          ]
        : []),
      ...summary.lists
        .filter((l) => l.refused || l.encoding === 'gbk')
        .map((l) => (l.refused ? `  ${l.name}: refused: ${l.refused}` : `  ${l.name}: read as GBK`)),
      `  written to ${values.out}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    if (error instanceof RulesError) {
      process.stderr.write(`screen: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`screen: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
