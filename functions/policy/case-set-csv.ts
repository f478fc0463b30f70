/**
 * CSV import of a case set: the columns most offices export, one case per row, a header row first.
 * UTF-8 with or without a byte-order mark (Excel writes one). Fields may be quoted ("…", "" for a
 * quote); a field may not span lines. See docs/policy.md for the columns.
 */
import { type Options, parse } from 'csv-parse/sync';
import { type BadLine, type LineResult, parseCaseEntry } from './case-set.ts';

export const CSV_COLUMNS = [
  'ref',
  'idNumber',
  'birthDate',
  'deathDate',
  'area',
  'hukouFrom',
  'hukouTo',
  'restoredOn',
  'contributions',
  'statuses',
  'accountBalance',
  'accountBalanceAsOf',
  'paidFrom',
  'paidTo',
  'paidMonthly',
  'month',
  'ruleset',
  'recordedMonth',
  'recordedTotal',
  'recordedArrears',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['birthDate', 'area', 'month'];

/**
 * A CSV case set's content as the OpenAPI document publishes it: a header row `parseCsvHeader`
 * accepts (known columns only, each required one somewhere), then any rows. JSON Schema has no
 * "contains each of", and generators ignore lookaheads, so the required columns are spelt out in
 * every order. Slightly stricter than the parser: header names unquoted, padded only with spaces
 * or tabs (test/api/openapi.test.ts holds it to parseCsvHeader). The tab, CR, LF and byte-order mark
 * are the characters themselves, not `\t`-style escapes: the same expression to a regex engine, and
 * generators that do not read those escapes (json-schema-faker) still make matching text.
 */
function csvContentPattern(): string {
  const space = '[ \t]*';
  const field = (names: readonly string[]) => `${space}(?:${names.join('|')})${space}`;
  const any = field(CSV_COLUMNS);
  const between = `(?:,${any})*`;
  const orders = (left: readonly Column[]): string =>
    left
      .map((first) => {
        const rest = left.filter((c) => c !== first);
        return rest.length === 0 ? field([first]) : `${field([first])}${between},(?:${orders(rest)})`;
      })
      .join('|');
  const bom = String.fromCharCode(0xfeff);
  return `^${bom}?(?:${any},)*(?:${orders(REQUIRED)})${between}(?:\r?\n[\\s\\S]*)?$`;
}
export const CSV_CONTENT_PATTERN = /* @__PURE__ */ csvContentPattern();

/**
 * How a quoted line is read (csv-parse): RFC 4180 quoting ("…", "" for a quote), spaces around a
 * field dropped, a quote inside an unquoted field kept as it is. The options object is made once.
 */
export const CSV_OPTIONS: Options = { trim: true, relax_quotes: true, bom: false };

/**
 * Splits one CSV line into fields, or says why it cannot: never in csv-parse's own words, which
 * quote the text. A field may not span lines, so a line is parsed alone: a quote left open fails
 * that line only, instead of swallowing the rows after it. A line without a quote has nothing for
 * csv-parse to do: its fields are the text between commas, trimmed as csv-parse trims them
 * (test/policy/case-set.test.ts holds the two to the same fields). Most rows have no quote, and
 * csv-parse costs several times the row's validation (docs/policy.md, "Case sets").
 */
export function splitCsvLine(text: string): string[] | string {
  if (!text.includes('"')) return text.split(',').map((field) => field.trim());
  try {
    return (parse(text, CSV_OPTIONS) as string[][])[0] ?? [''];
  } catch (error) {
    const { code, column } = error as { code?: string; column?: number };
    if (code === 'CSV_QUOTE_NOT_CLOSED') return 'an unterminated quoted field';
    if (code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE' || code === 'CSV_INVALID_CLOSING_QUOTE') {
      return `a character after a closing quote at column ${(column ?? 0) + 1}`;
    }
    return 'the line is not valid CSV';
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export interface CsvHeader {
  readonly columns: readonly Column[];
}

/**
 * Reads the header row: every column must be a known one; the required ones must be present. An
 * unknown column is named by its number, not its text: a file without a header has a case (an ID
 * number, say) in its first row.
 */
export function parseCsvHeader(text: string): CsvHeader | BadLine {
  const fields = splitCsvLine(stripBom(text).trim());
  if (typeof fields === 'string') return { line: 1, message: `header: ${fields}` };
  const unknown = fields.flatMap((f, i) => ((CSV_COLUMNS as readonly string[]).includes(f) ? [] : [i + 1]));
  if (unknown.length > 0) {
    const which =
      unknown.length === 1
        ? `column ${unknown[0]} is not a known column`
        : `columns ${unknown.join(', ')} are not known columns`;
    return { line: 1, message: `header: ${which} (known: ${CSV_COLUMNS.join(', ')})` };
  }
  const missing = REQUIRED.filter((c) => !fields.includes(c));
  if (missing.length > 0) return { line: 1, message: `header: missing column(s) ${missing.join(', ')}` };
  return { columns: fields as Column[] };
}

/**
 * The columns a field of the case comes from, in order of preference (a hukou period starts on the
 * birth date when there is no hukouFrom column); prefixes cover the list columns.
 */
const COLUMNS_OF: readonly (readonly [string, readonly Column[]])[] = [
  ['ref', ['ref']],
  ['person.idNumber', ['idNumber']],
  ['person.birthDate', ['birthDate']],
  ['person.deathDate', ['deathDate']],
  ['person.hukou[0].area', ['area']],
  ['person.hukou[0].from', ['hukouFrom', 'birthDate']],
  ['person.hukou[0].to', ['hukouTo']],
  ['person.hukou[0].restoredOn', ['restoredOn']],
  ['person.statuses', ['statuses']],
  ['person.contributions', ['contributions']],
  ['person.accountBalance.asOf', ['accountBalanceAsOf']],
  ['person.accountBalance', ['accountBalance']],
  ['payments[0].from', ['paidFrom']],
  ['payments[0].to', ['paidTo']],
  ['payments[0].monthly', ['paidMonthly']],
  ['month', ['month']],
  ['ruleset', ['ruleset']],
  ['recorded.month', ['recordedMonth']],
  ['recorded.total', ['recordedTotal']],
  ['recorded.arrears', ['recordedArrears']],
];

/** Where a problem is in a row: the field path and the (1-based) column it came from. */
function locator(header: CsvHeader): (path: string) => string {
  return (path) => {
    const entry = COLUMNS_OF.find(
      ([prefix]) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`),
    );
    const column = entry?.[1].map((c) => header.columns.indexOf(c)).find((i) => i >= 0);
    const where = path || '(case)';
    return column === undefined ? where : `${where} (column ${column + 1})`;
  };
}

/** How a list column is named in a message: its name and number, e.g. "contributions (column 8)". */
function listColumn(header: CsvHeader, column: Column): string {
  return `${column} (column ${header.columns.indexOf(column) + 1})`;
}

const YEARS = /^(\d{4})(?:-(\d{4}))?:(\d+\.\d{2})(?::(\d+\.\d{2}))?$/;
const STATUS = /^([a-z-]+)(?:\/(\d+))?:(\d{4}-\d{2}-\d{2})(?::(\d{4}-\d{2}-\d{2}))?$/;

/** The items of a list column: separated by `;`, spaces around each and empty ones dropped. */
const listItems = (text: string): string[] =>
  text
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean);

/**
 * "2010-2024:100.00;2025:200.00:100.00" → contributions (years, personal, optional government-paid);
 * a bad item is named by its place in the list, not its text.
 */
function contributions(text: string, column: string): unknown[] | string {
  const out: unknown[] = [];
  for (const [i, part] of listItems(text).entries()) {
    const m = YEARS.exec(part);
    if (!m) return `${column}: item ${i + 1} is not YEAR[-YEAR]:PERSONAL[:GOVERNMENT_PAID]`;
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    if (to < from || to - from > 150) return `${column}: item ${i + 1} is not a range of years`;
    for (let year = from; year <= to; year++) {
      out.push({ year, personal: m[3], ...(m[4] ? { governmentPaid: m[4] } : {}) });
    }
  }
  return out;
}

/**
 * "registered-poor:2014-01-01:2021-01-01;minimum-living-allowance/1:2018-03-01" → statuses; the
 * number after a slash is the 低保 class.
 */
function statuses(text: string, column: string): unknown[] | string {
  const out: unknown[] = [];
  for (const [i, part] of listItems(text).entries()) {
    const m = STATUS.exec(part);
    if (!m) return `${column}: item ${i + 1} is not KIND[/CLASS]:FROM[:TO]`;
    out.push({
      kind: m[1],
      ...(m[2] ? { class: Number(m[2]) } : {}),
      from: m[3],
      ...(m[4] ? { to: m[4] } : {}),
    });
  }
  return out;
}

/**
 * One data row → a case-set entry, validated exactly like a JSON Lines case. A bad row is named by its
 * line, the field and its column, and the rule broken: never by the text of the row.
 */
export function parseCsvRow(header: CsvHeader, text: string, line: number): LineResult {
  const fields = splitCsvLine(text);
  if (typeof fields === 'string') return { ok: false, bad: { line, message: fields } };
  if (fields.length !== header.columns.length) {
    return {
      ok: false,
      bad: { line, message: `${fields.length} fields, but the header has ${header.columns.length}` },
    };
  }
  const row = new Map<Column, string>();
  header.columns.forEach((c, i) => {
    const v = fields[i] as string;
    if (v !== '') row.set(c, v);
  });
  const get = (c: Column) => row.get(c);
  const opt = <T>(key: string, v: T | undefined) => (v === undefined ? {} : { [key]: v });
  const birthDate = get('birthDate');
  const contribution =
    get('contributions') === undefined
      ? undefined
      : contributions(get('contributions') as string, listColumn(header, 'contributions'));
  if (typeof contribution === 'string') return { ok: false, bad: { line, message: contribution } };
  const status =
    get('statuses') === undefined
      ? undefined
      : statuses(get('statuses') as string, listColumn(header, 'statuses'));
  if (typeof status === 'string') return { ok: false, bad: { line, message: status } };
  const hukou = {
    area: get('area'),
    from: get('hukouFrom') ?? birthDate,
    ...opt('to', get('hukouTo')),
    ...opt('restoredOn', get('restoredOn')),
  };
  const balance = get('accountBalance');
  const paidFrom = get('paidFrom');
  const recordedTotal = get('recordedTotal');
  const recordedArrears = get('recordedArrears');
  const entry = {
    ...opt('ref', get('ref')),
    person: {
      ...opt('idNumber', get('idNumber')),
      birthDate,
      ...opt('deathDate', get('deathDate')),
      hukou: [hukou],
      ...opt('statuses', status),
      ...opt('contributions', contribution),
      ...(balance !== undefined
        ? { accountBalance: { amount: balance, asOf: get('accountBalanceAsOf') } }
        : {}),
    },
    ...(paidFrom !== undefined
      ? { payments: [{ from: paidFrom, to: get('paidTo'), monthly: get('paidMonthly') }] }
      : {}),
    month: get('month'),
    ...opt('ruleset', get('ruleset')),
    ...(recordedTotal !== undefined || recordedArrears !== undefined
      ? {
          recorded: {
            ...opt('month', get('recordedMonth')),
            ...opt('total', recordedTotal),
            ...opt('arrears', recordedArrears),
          },
        }
      : {}),
  };
  return parseCaseEntry(entry, line, locator(header));
}
