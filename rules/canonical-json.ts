/**
 * Canonical JSON and its SHA-256: formatting never changes a hash. The text is the JSON
 * Canonicalization Scheme, RFC 8785 (JCS): keys sorted by UTF-16 code units at every depth, no
 * whitespace, strings and numbers as ECMAScript's JSON.stringify writes them. Rulesets and cases are
 * I-JSON (no lone surrogates, finite numbers), where JCS is defined; test/rules/input-hash.test.ts
 * holds the writer to the `canonicalize` package on random JSON values, and test/rules/ruleset.test.ts
 * every published ruleset hash to it.
 *
 * Every receipt hashes its case, so the text is written straight into UTF-8 bytes and hashed from
 * there: building it as a string, then flattening and encoding that string for the hash, took
 * longer (docs/cli.md, "Measured choices"). The ruleset hash and the replay's case keys use the same writer.
 */
import { hash } from 'node:crypto';
import { scalarJson } from './json-scalar.ts';

interface KeyOrderNode {
  readonly next: Map<string, KeyOrderNode>;
  sorted?: readonly string[];
}

/** Past this many remembered key lists, keys are sorted afresh each time (memory stays bounded). */
const MAX_KEY_ORDERS = 4096;

export class CanonicalWriter {
  private buffer = Buffer.allocUnsafe(1 << 12);
  private length = 0;
  /**
   * The sorted order of each key list seen, by the list in its own order (a trie): a case is made
   * of a few kinds of object whose keys always come in the same order, so sorting is done once.
   */
  private readonly keyOrders: KeyOrderNode = { next: new Map() };
  private keyOrderCount = 0;
  private readonly keyBytes = new Map<string, Buffer>();

  /** The canonical bytes of `value`: valid until the next call. */
  write(value: unknown): Buffer {
    return this.writeWith(value, (v) => this.value(v));
  }

  /** The bytes `walk` writes for `value` (a walker generated for its schema): valid until the next call. */
  writeWith<T>(value: T, walk: (value: T, writer: CanonicalWriter) => void): Buffer {
    this.length = 0;
    walk(value, this);
    return this.buffer.subarray(0, this.length);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  byte(value: number): void {
    if (this.length === this.buffer.length) this.ensure(1);
    this.buffer[this.length++] = value;
  }

  /** JSON text as UTF-8 (escaped strings are ASCII unless they hold CJK). */
  private text(text: string): void {
    this.ensure(text.length * 3);
    this.length += this.buffer.write(text, this.length);
  }

  /** A number's or keyword's JSON text: ASCII, short, copied by a loop rather than the encoder. */
  ascii(text: string): void {
    this.ensure(text.length);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < text.length; i++) buffer[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /**
   * JSON.stringify(text): printable ASCII other than `"` and `\` is copied as it is (a case's
   * strings are codes, dates and amounts); at the first other character the string is escaped
   * natively instead.
   */
  string(text: string): void {
    this.ensure(text.length + 2);
    const buffer = this.buffer;
    let at = this.length;
    buffer[at++] = 0x22;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
        this.text(JSON.stringify(text));
        return;
      }
      buffer[at++] = c;
    }
    buffer[at++] = 0x22;
    this.length = at;
  }

  private key(name: string): void {
    let bytes = this.keyBytes.get(name);
    if (bytes === undefined) {
      bytes = Buffer.from(`${JSON.stringify(name)}:`);
      if (this.keyBytes.size < MAX_KEY_ORDERS) this.keyBytes.set(name, bytes);
    }
    this.ensure(bytes.length);
    bytes.copy(this.buffer, this.length);
    this.length += bytes.length;
  }

  /** Keys sorted by UTF-16 code units, as Array.prototype.sort's default. */
  private sortedKeys(record: object): readonly string[] {
    let node = this.keyOrders;
    // for…in with an own-property test walks Object.keys's list without allocating it.
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      let next = node.next.get(key);
      if (next === undefined) {
        if (this.keyOrderCount >= MAX_KEY_ORDERS) return Object.keys(record).sort();
        next = { next: new Map() };
        node.next.set(key, next);
        this.keyOrderCount++;
      }
      node = next;
    }
    node.sorted ??= Object.keys(record).sort();
    return node.sorted;
  }

  private value(value: unknown): void {
    if (typeof value === 'string') {
      this.string(value);
      return;
    }
    // Objects are walked key by key, a toJSON method or not (a Date is {}): cases are plain data.
    const scalar = scalarJson(value);
    if (scalar !== undefined) {
      this.ascii(scalar);
      return;
    }
    if (Array.isArray(value)) {
      this.byte(0x5b);
      for (let i = 0; i < value.length; i++) {
        if (i > 0) this.byte(0x2c);
        this.value(value[i]);
      }
      this.byte(0x5d);
      return;
    }
    const record = value as Record<string, unknown>;
    this.byte(0x7b);
    let first = true;
    for (const key of this.sortedKeys(record)) {
      const item = record[key];
      if (item === undefined) continue;
      if (!first) this.byte(0x2c);
      first = false;
      this.key(key);
      this.value(item);
    }
    this.byte(0x7d);
  }
}

const writer = new CanonicalWriter();

/**
 * Canonical JSON of plain data: keys sorted at every depth (UTF-16 code units), undefined
 * properties left out, undefined array items and a bare undefined written as null.
 */
export function canonicalJson(value: unknown): string {
  return writer.write(value).toString('utf8');
}

/** `sha256:` and the hex SHA-256 of the canonical JSON of `value`. */
export function canonicalHash(value: unknown): string {
  return `sha256:${hash('sha256', writer.write(value), 'hex')}`;
}

/** The same, for a value `walk` writes (rules/schema-canonical.ts): the same bytes, faster. */
export function canonicalHashWith<T>(value: T, walk: (value: T, writer: CanonicalWriter) => void): string {
  return `sha256:${hash('sha256', writer.writeWith(value, walk), 'hex')}`;
}

/** crypto.hash: the one-shot form (Node ≥ 20.12), half the cost of createHash for a case-sized text. */
export function sha256(text: string): string {
  return `sha256:${hash('sha256', text, 'hex')}`;
}
