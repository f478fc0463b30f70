/**
 * The batch CLI's answer writer against fast-json-stringify (a benchmark, not a timed test):
 *
 *   npm run bench:json [-- --n 100000 --runs 5]
 *
 * Computes `n` entitlement answers (receipts included) as `npm run assess` does, then writes all of
 * them as UTF-8 JSON Lines with: functions/cli/json-bytes.ts (JsonBytesWriter, what the CLI uses);
 * fast-json-stringify compiled from the answer's JSON Schema (z.toJSONSchema of the route's response
 * schema), each line then encoded to UTF-8; and JSON.stringify, for scale. Prints the median and the
 * range of `runs` for each. docs/cli.md records the figures.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import fastJson from 'fast-json-stringify';
import * as z from 'zod';
import { JsonBytesWriter } from '../../functions/cli/json-bytes.ts';
import { ResponseSchema } from '../../functions/entitlement/schema.ts';
import { calculate } from '../../functions/shared/calculate.ts';
import { getRegistry } from '../../functions/shared/registry.ts';
import { CaseGenerator } from './generate-cases.ts';

const { values: args } = parseArgs({
  options: { n: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' } },
});
const n = Number(args.n);
const runs = Number(args.runs);

const registry = getRegistry();
const generator = new CaseGenerator(
  2026,
  'entitlement',
  registry.latest.coveredAreas().map((a) => a.code),
);
const answers = Array.from({ length: n }, (_, i) =>
  calculate('entitlement', generator.next(), registry, {
    calculationId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    calculatedAt: '2026-12-06T00:00:00.000Z',
  }),
);

const schema = z.toJSONSchema(ResponseSchema, { target: 'draft-7', io: 'output' });
const stringify = fastJson(schema as Parameters<typeof fastJson>[0]);

/** Answers per batch: the CLI reads 256 KiB of input a batch, about a thousand cases. */
const BATCH = 1000;
const batches = Array.from({ length: Math.ceil(n / BATCH) }, (_, i) =>
  answers.slice(i * BATCH, (i + 1) * BATCH),
);

/**
 * Writes every answer as one JSON line, a batch at a time into one buffer, as a worker does; returns
 * the bytes written. The CLI's writer lives as long as its worker, so it is made once and its
 * buffers are handed back after each batch (assess-batch.ts); the others encode each batch's text.
 */
const cliWriter = new JsonBytesWriter();
const WRITERS: Record<string, () => number> = {
  'json-bytes (JsonBytesWriter)': () => {
    let bytes = 0;
    for (const batch of batches) {
      for (const answer of batch) cliWriter.line(answer);
      const taken = cliWriter.take();
      bytes += taken.length;
      cliWriter.recycle(taken.bytes.buffer as ArrayBuffer);
    }
    return bytes;
  },
  'fast-json-stringify': () => {
    let bytes = 0;
    for (const batch of batches) {
      let text = '';
      for (const answer of batch) text += `${stringify(answer)}\n`;
      bytes += Buffer.from(text).length;
    }
    return bytes;
  },
  'JSON.stringify': () => {
    let bytes = 0;
    for (const batch of batches) {
      let text = '';
      for (const answer of batch) text += `${JSON.stringify(answer)}\n`;
      bytes += Buffer.from(text).length;
    }
    return bytes;
  },
};

// Same bytes, or the comparison means nothing (fast-json-stringify orders keys by the schema).
const sample = answers.slice(0, 200);
const sameText = sample.every((a) => JSON.stringify(JSON.parse(stringify(a))) === JSON.stringify(a));
const sameOrder = sample.every((a) => stringify(a) === JSON.stringify(a));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
console.log(`${n} entitlement answers, ${runs} runs, load average ${loadavg()[0]?.toFixed(2)}`);
console.log(`fast-json-stringify: same values ${sameText}, same key order as JSON.stringify ${sameOrder}`);
for (const [name, write] of Object.entries(WRITERS)) {
  write(); // warm-up
  const times: number[] = [];
  let bytes = 0;
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    bytes = write();
    times.push(performance.now() - started);
  }
  const mib = bytes / 2 ** 20;
  console.log(
    `${name.padEnd(30)} median ${median(times).toFixed(0)} ms (${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)}), ${mib.toFixed(0)} MiB`,
  );
}
