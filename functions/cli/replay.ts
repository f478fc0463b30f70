/**
 * npm run replay -- --cases FILE --baseline ID --candidate ID|DRAFT_FILE --out DIR [--month YYYY-MM]
 *   [--workers N] [--rulesets-dir DIR] [--no-skip]
 * Replays a case set (JSON Lines, or .csv) under two rulesets and writes report.json, report.csv and
 * report.html to DIR. A progress bar goes to stderr; the summary to stdout.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { readDraftFile } from '../policy/draft-text.ts';
import { todayInChina } from '../policy/rulesets-for-replay.ts';
import { type Progress, runReplay } from '../policy/run-replay.ts';

const USAGE =
  'usage: npm run replay -- --cases FILE --baseline ID --candidate ID|DRAFT_FILE --out DIR [--month YYYY-MM] [--workers N] [--rulesets-dir DIR] [--no-skip]';

function progressBar(started: number): (p: Progress) => void {
  const tty = process.stderr.isTTY === true;
  let lastDecile = -1;
  return (p) => {
    const ratio = p.totalBytes > 0 ? Math.min(1, p.bytes / p.totalBytes) : 1;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (tty) {
      const width = 30;
      const filled = Math.round(ratio * width);
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${p.lines} lines ${seconds} s`,
      );
      if (ratio >= 1) process.stderr.write('\n');
    } else {
      const decile = Math.floor(ratio * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        process.stderr.write(`replay: ${decile * 10}% (${p.lines} lines, ${seconds} s)\n`);
      }
    }
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string' },
      baseline: { type: 'string' },
      candidate: { type: 'string' },
      out: { type: 'string' },
      month: { type: 'string' },
      workers: { type: 'string' },
      'rulesets-dir': { type: 'string' },
      'no-skip': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.cases || !values.baseline || !values.candidate || !values.out) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (values.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month)) {
    process.stderr.write(`--month must be YYYY-MM, not ${values.month}\n`);
    return 2;
  }
  if (!existsSync(values.cases)) {
    process.stderr.write(`--cases: no such file ${values.cases}\n`);
    return 2;
  }
  const isId = /^\d{4}\.\d{1,4}$/.test(values.candidate);
  const candidate = isId
    ? { id: values.candidate }
    : { draft: readDraftFile(values.candidate), draftName: basename(values.candidate) };
  const started = Date.now();
  const { report, files } = await runReplay({
    casesPath: values.cases,
    outDir: values.out,
    spec: {
      ...(values['rulesets-dir'] !== undefined ? { rulesetsDir: values['rulesets-dir'] } : {}),
      baseline: values.baseline,
      candidate,
      today: todayInChina(),
    },
    ...(values.month !== undefined ? { month: values.month } : {}),
    workers: values.workers === undefined ? 2 : Number(values.workers),
    ...(values['no-skip'] ? { skipUnaffected: false } : {}),
    onProgress: progressBar(started),
    generatedAt: new Date().toISOString(),
  });
  process.stdout.write(`${JSON.stringify({ summary: report.summary, files }, null, 2)}\n`);
  process.stderr.write(`replay: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`replay: ${error.message}\n`);
    process.exitCode = 1;
  },
);
