/**
 * Reads one list file (CSV or JSON Lines, UTF-8 or GBK), streaming, into records: every row either
 * becomes a record or is reported as a bad row by file, line and column; no row stops the run.
 *
 * Encoding: exports from older county systems (and Excel's "CSV" on a Chinese Windows) are GBK. A
 * file that is not valid UTF-8 is decoded as GBK when it decodes cleanly as GBK (TextDecoder's
 * fatal mode: no byte sequence is replaced), and refused with a message otherwise. Decoding rather
 * than refusing: the offices cannot be asked to re-encode every export by hand, and a clean GBK
 * decode of a file that is not UTF-8 is unambiguous for these lists (Chinese text and ASCII).
 * The encoding used is reported per file.
 */
import { parse } from 'csv-parse';
import {
  type BadRow,
  csvCells,
  type HeaderMap,
  isBadRow,
  jsonCells,
  type ListKind,
  readHeader,
  readRow,
  type ScreeningRecord,
} from './lists.ts';

export type ListFormat = 'csv' | 'jsonl';
type ListEncoding = 'utf-8' | 'gbk';

/** Where a list's bytes come from; called once per pass (the encoding check reads the file first). */
type ByteSource = () => AsyncIterable<Uint8Array>;

export interface ListInput {
  readonly kind: ListKind;
  /** The list's name as reports show it (the file's base name). */
  readonly name: string;
  readonly format: ListFormat;
  readonly bytes: ByteSource;
  /** Its size in bytes, when known (for a progress bar). */
  readonly size?: number;
  /** The file, when it is one: then a reader thread can read it. */
  readonly path?: string;
}

export interface ListSink {
  record(record: ScreeningRecord): void;
  bad(row: BadRow): void;
  /** Bytes read so far of this list (the second pass), for a progress bar. */
  progress?(bytes: number): void;
}

export interface ListReadResult {
  readonly name: string;
  readonly kind: ListKind;
  readonly encoding?: ListEncoding;
  readonly rows: number;
  readonly records: number;
  readonly badRows: number;
  /** Why the whole file was refused (an encoding or a header it cannot read). */
  readonly refused?: string;
}

export function formatOf(name: string): ListFormat {
  return /\.csv$/i.test(name) ? 'csv' : 'jsonl';
}

/** True when every byte of the source decodes with `encoding` and nothing is replaced. */
async function decodesAs(source: ByteSource, encoding: ListEncoding): Promise<boolean> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  try {
    for await (const chunk of source()) {
      // 0xFF is no GBK byte (leads are 0x81–0xFE, trails 0x40–0xFE), yet Node's decoder drops it
      // without an error even in fatal mode: a file holding one is not GBK.
      if (encoding === 'gbk' && chunk.includes(0xff)) return false;
      decoder.decode(chunk, { stream: true });
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

async function detectEncoding(source: ByteSource): Promise<ListEncoding | undefined> {
  if (await decodesAs(source, 'utf-8')) return 'utf-8';
  return (await decodesAs(source, 'gbk')) ? 'gbk' : undefined;
}

/** The decoded text of a source, in chunks, counting bytes. */
async function* decoded(
  source: ByteSource,
  encoding: ListEncoding,
  onBytes: (n: number) => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  let bytes = 0;
  for await (const chunk of source()) {
    bytes += chunk.byteLength;
    onBytes(bytes);
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/** Reads a list into the sink; never throws for what the file contains. */
export async function readList(input: ListInput, key: Buffer, sink: ListSink): Promise<ListReadResult> {
  const counts = { rows: 0, records: 0, badRows: 0 };
  const base = { name: input.name, kind: input.kind };
  const encoding = await detectEncoding(input.bytes);
  if (encoding === undefined) {
    return {
      ...base,
      ...counts,
      refused:
        'the file is neither UTF-8 nor GBK text: save it as CSV (UTF-8) or CSV (GBK) and send it again',
    };
  }
  const emit = (result: ScreeningRecord | BadRow) => {
    counts.rows++;
    if (isBadRow(result)) {
      counts.badRows++;
      sink.bad(result);
    } else {
      counts.records++;
      sink.record(result);
    }
  };
  const text = decoded(input.bytes, encoding, (n) => sink.progress?.(n));
  const refused =
    input.format === 'csv'
      ? await readCsv(input, text, key, emit)
      : await readJsonLines(input, text, key, emit);
  return { ...base, encoding, ...counts, ...(refused ? { refused } : {}) };
}

async function readCsv(
  input: ListInput,
  text: AsyncIterable<string>,
  key: Buffer,
  emit: (r: ScreeningRecord | BadRow) => void,
): Promise<string | undefined> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
  });
  let header: HeaderMap | undefined;
  let refused: string | undefined;
  parser.on('skip', (error: { lines?: unknown }) => {
    const line = typeof error.lines === 'number' ? error.lines : 0;
    emit({
      source: input.name,
      line,
      message:
        'is not a well-formed CSV row: a quote that never closes (the rows from the one it opened in to this line could not be read)',
    });
  });
  const feed = (async () => {
    for await (const chunk of text) {
      if (!parser.write(chunk)) await new Promise((ok) => parser.once('drain', ok));
    }
    parser.end();
  })();
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const line = item.info.lines;
    if (header === undefined) {
      if (refused !== undefined) continue;
      const read = readHeader(input.kind, item.record);
      if ('missing' in read) {
        refused = `the header row has no column ${read.missing.join(', ')} (a ${input.kind} list needs it)`;
        continue;
      }
      header = read;
      continue;
    }
    emit(readRow(input.kind, csvCells(header, item.record), { source: input.name, line }, key));
  }
  await feed;
  return refused;
}

async function readJsonLines(
  input: ListInput,
  text: AsyncIterable<string>,
  key: Buffer,
  emit: (r: ScreeningRecord | BadRow) => void,
): Promise<undefined> {
  let rest = '';
  let line = 0;
  const one = (raw: string) => {
    line++;
    const trimmed = raw.replace(/^\uFEFF/, '').trim();
    if (trimmed === '') return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      return emit({ source: input.name, line, message: 'is not valid JSON' });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return emit({ source: input.name, line, message: 'must be a JSON object' });
    }
    emit(readRow(input.kind, jsonCells(value as Record<string, unknown>), { source: input.name, line }, key));
  };
  for await (const chunk of text) {
    rest += chunk;
    let at = rest.indexOf('\n');
    let start = 0;
    while (at >= 0) {
      one(rest.slice(start, at));
      start = at + 1;
      at = rest.indexOf('\n', start);
    }
    rest = rest.slice(start);
  }
  if (rest !== '') one(rest);
  return undefined;
}
