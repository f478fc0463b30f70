/**
 * JSON straight to UTF-8 bytes, with the parameter traces and reasons cached as bytes.
 *
 * An entitlement answer is mostly its trace: ParameterTrace objects (Chinese labels and sources),
 * shared by every answer that read the same value, because the ruleset builds each one once, and
 * so are its reasons. The batch CLI writes hundreds of megabytes of them, so each is serialised and
 * UTF-8 encoded once per process and copied after that. The rest of an answer (months, codes,
 * amounts, the receipt) is short ASCII, written byte by byte into the buffer: building it as a
 * string first cost more than the calculation. The output is byte for byte what
 * `JSON.stringify(value)` would give (test/cli/json-bytes.test.ts holds it to that).
 */

import { scalarJson } from '../../rules/json-scalar.ts';

/**
 * Keys whose arrays hold ruleset-owned, immutable objects: parameter traces (ruleset.ts) and
 * reasons (Ruleset.reason); or strings drawn from the ruleset: the ids of provisional parameters.
 */
const SHARED_KEYS = new Set(['parameters', 'basis', 'reasons', 'provisional']);

enum Byte {
  Quote = 0x22,
  Comma = 0x2c,
  OpenBracket = 0x5b,
  Backslash = 0x5c,
  CloseBracket = 0x5d,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
  Newline = 0x0a,
}

/**
 * From this length a string is checked by a regular expression and copied natively (hashes, ids,
 * timestamps); shorter ones are faster in a loop.
 */
const LONG_STRING = 24;
/** What JSON.stringify escapes, and anything not ASCII (left to the UTF-8 encoder). */
const NEEDS_ESCAPE = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;

/** Below this many bytes a loop copies faster than TypedArray.prototype.set (docs/cli.md, "Measured choices"). */
const SMALL_COPY = 10;

interface KeyEntry {
  /** `"name":` */
  readonly bytes: Uint8Array;
  readonly shared: boolean;
}

interface SharedArrayNode {
  readonly next: Map<object | string, SharedArrayNode>;
  bytes?: Uint8Array;
}

/** An item a shared array may hold: an object (by identity) or a string (by value). */
const isSharable = (item: unknown): item is object | string =>
  typeof item === 'string' || (item !== null && typeof item === 'object');

const EMPTY = Buffer.alloc(0);

export class JsonBytesWriter {
  private buffer: Buffer;
  private length = 0;
  private readonly shared = new WeakMap<object, Uint8Array>();
  /**
   * Whole shared arrays, by their items (a trie; objects by identity, strings by value): answers
   * repeat the same few dozen arrays (one per area and stretch of unchanged parameters), so most
   * are one lookup per item and one copy.
   */
  private readonly sharedArrays: SharedArrayNode = { next: new Map() };
  private readonly keys = new Map<string, KeyEntry>();
  private readonly spare: Buffer[] = [];

  /**
   * The buffer is first allocated by the first write: a field assigned again later (by take(), by
   * growing) makes V8 drop the code it optimised on the assumption that it never changes, so it
   * changes before there is any such code.
   */
  constructor(private readonly initialSize = 1 << 20) {
    this.buffer = EMPTY;
  }

  /** Appends `value` as JSON, then a newline. */
  line(value: unknown): void {
    this.value(value);
    this.byte(Byte.Newline);
  }

  /** Appends text that is already JSON (a problem line, say). */
  raw(text: string): void {
    this.text(text);
  }

  /** The bytes written so far, and a fresh buffer for what comes next (the old one may be transferred). */
  take(): { bytes: Buffer; length: number } {
    const taken = { bytes: this.buffer, length: this.length };
    this.buffer = this.spare.pop() ?? EMPTY;
    this.length = 0;
    return taken;
  }

  /**
   * Hands back a buffer from an earlier take() once its bytes are written: fresh memory costs a
   * page fault per 4 KiB, hundreds of megabytes of them over a large run.
   */
  recycle(bytes: ArrayBuffer): void {
    if (this.spare.length < 4) this.spare.push(Buffer.from(bytes));
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = Math.max(this.buffer.length * 2, this.initialSize);
    while (size < this.length + extra) size *= 2;
    const grown = Buffer.allocUnsafeSlow(size);
    // Nothing to copy from EMPTY (which a transfer of an empty batch's output may have detached).
    if (this.length > 0) grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  private byte(value: number): void {
    if (this.length === this.buffer.length) this.ensure(1);
    this.buffer[this.length++] = value;
  }

  private bytes(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    const buffer = this.buffer;
    if (bytes.length < SMALL_COPY) {
      let at = this.length;
      for (let i = 0; i < bytes.length; i++) buffer[at++] = bytes[i] as number;
    } else {
      buffer.set(bytes, this.length);
    }
    this.length += bytes.length;
  }

  /** JSON text (already escaped) as UTF-8: ASCII byte by byte, the rest through the encoder. */
  private text(text: string): void {
    // At most 3 UTF-8 bytes per UTF-16 code unit.
    this.ensure(text.length * 3);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        // Not ASCII: the encoder takes the rest (a surrogate pair stays whole: it starts here).
        at += buffer.write(text.slice(i), at);
        break;
      }
      buffer[at++] = c;
    }
    this.length = at;
  }

  /** JSON.stringify(text): plain printable ASCII is copied as is, anything else is escaped natively. */
  private string(text: string): void {
    if (text.length >= LONG_STRING) {
      if (NEEDS_ESCAPE.test(text)) this.text(JSON.stringify(text));
      else {
        this.ensure(text.length + 2);
        this.buffer[this.length] = Byte.Quote;
        this.length += 1 + this.buffer.write(text, this.length + 1, 'latin1');
        this.buffer[this.length++] = Byte.Quote;
      }
      return;
    }
    this.ensure(text.length + 2);
    const buffer = this.buffer;
    let at = this.length;
    buffer[at++] = Byte.Quote;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === Byte.Quote || c === Byte.Backslash) {
        this.text(JSON.stringify(text));
        return;
      }
      buffer[at++] = c;
    }
    buffer[at++] = Byte.Quote;
    this.length = at;
  }

  private sharedObject(value: object): void {
    let cached = this.shared.get(value);
    if (cached === undefined) {
      cached = Buffer.from(JSON.stringify(value));
      this.shared.set(value, cached);
    }
    this.bytes(cached);
  }

  /** A non-empty array of shared objects and strings (checked by the caller). */
  private sharedArray(items: readonly (object | string)[]): void {
    let node = this.sharedArrays;
    for (const item of items) {
      let next = node.next.get(item);
      if (next === undefined) {
        next = { next: new Map() };
        node.next.set(item, next);
      }
      node = next;
    }
    node.bytes ??= Buffer.from(JSON.stringify(items));
    this.bytes(node.bytes);
  }

  /** `"name":` as bytes, and whether the key's array is shared (SHARED_KEYS): one lookup per key. */
  private key(name: string): KeyEntry {
    let entry = this.keys.get(name);
    if (entry === undefined) {
      entry = { bytes: Buffer.from(`${JSON.stringify(name)}:`), shared: SHARED_KEYS.has(name) };
      if (this.keys.size < 1024) this.keys.set(name, entry);
    }
    return entry;
  }

  /**
   * JSON.stringify's rules, walked here rather than handed to JSON.stringify: on Node 20 each call
   * of it costs about as much as writing a whole receipt byte by byte.
   */
  private value(value: unknown): void {
    if (typeof value === 'string') this.string(value);
    else if (typeof value !== 'object' || value === null) this.text(scalarJson(value) as string);
    else if (typeof (value as { toJSON?: unknown }).toJSON === 'function') this.text(JSON.stringify(value));
    else if (Array.isArray(value)) this.array(value, false);
    else this.object(value as Record<string, unknown>);
  }

  private array(items: readonly unknown[], shared: boolean): void {
    if (shared && items.length > 0 && items.every(isSharable)) {
      this.sharedArray(items);
      return;
    }
    this.byte(Byte.OpenBracket);
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.byte(Byte.Comma);
      const item: unknown = items[i];
      if (shared && item !== null && typeof item === 'object') this.sharedObject(item);
      else this.value(item);
    }
    this.byte(Byte.CloseBracket);
  }

  private object(record: Record<string, unknown>): void {
    this.byte(Byte.OpenBrace);
    let first = true;
    // for…in with an own-property test is Object.keys without the array it allocates.
    for (const name in record) {
      if (!Object.hasOwn(record, name)) continue;
      const item = record[name];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      if (!first) this.byte(Byte.Comma);
      first = false;
      const key = this.key(name);
      this.bytes(key.bytes);
      if (key.shared && Array.isArray(item) && typeof (item as { toJSON?: unknown }).toJSON !== 'function') {
        this.array(item, true);
      } else this.value(item);
    }
    this.byte(Byte.CloseBrace);
  }
}
