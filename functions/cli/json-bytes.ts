/**
 * JSON straight to UTF-8 bytes, with the parameter traces cached as bytes.
 *
 * An entitlement answer is mostly its trace: ParameterTrace objects (Chinese labels and sources),
 * shared by every answer that read the same value, because the ruleset builds each one once. The
 * batch CLI writes hundreds of megabytes of them, so each trace is serialised and UTF-8 encoded
 * once per process and copied after that. The output is byte for byte what
 * `JSON.stringify(value)` would give (test/cli/json-bytes.test.ts holds it to that).
 */

/** Keys whose arrays hold ruleset-owned, immutable trace objects (results.ts, ruleset.ts). */
const TRACE_KEYS = new Set(['parameters', 'basis']);
/** Keys whose values hold trace arrays further down: walked; every other value is stringified whole. */
const WALK_KEYS = new Set(['components', 'governmentPaidPremium']);

interface TraceArrayNode {
  readonly next: Map<object, TraceArrayNode>;
  bytes?: Uint8Array;
}

const isObject = (item: unknown): item is object => item !== null && typeof item === 'object';

enum Mode {
  /** JSON.stringify the value whole (native, fastest when there is nothing to reuse). */
  Native,
  /** Walk objects and arrays, looking for trace arrays. */
  Walk,
  /** An array of trace objects. */
  Traces,
}

export class JsonBytesWriter {
  private buffer: Buffer;
  private length = 0;
  /** Text not yet encoded: the pieces between two traces are encoded in one call. */
  private pending = '';
  private readonly traces = new WeakMap<object, Uint8Array>();
  /**
   * Whole trace arrays, by the identity of their items (a trie): answers repeat the same few dozen
   * arrays (one per area and stretch of unchanged parameters), so most are one lookup and one copy.
   */
  private readonly traceArrays: TraceArrayNode = { next: new Map() };
  private readonly keys = new Map<string, string>();
  private readonly spare: Buffer[] = [];

  constructor(initialSize = 1 << 20) {
    this.buffer = Buffer.allocUnsafeSlow(initialSize);
  }

  /** Appends `value` as JSON, then a newline. */
  line(value: unknown): void {
    this.value(value, Mode.Walk);
    this.pending += '\n';
    // Answers without traces (arrears) would otherwise pile up as one long rope until take().
    if (this.pending.length > 1 << 14) this.flush();
  }

  /** Appends text that is already JSON (a problem line, say). */
  raw(text: string): void {
    this.pending += text;
    if (this.pending.length > 1 << 14) this.flush();
  }

  /** The bytes written so far, and a fresh buffer for what comes next (the old one may be transferred). */
  take(): { bytes: Buffer; length: number } {
    this.flush();
    const taken = { bytes: this.buffer, length: this.length };
    this.buffer = this.spare.pop() ?? Buffer.allocUnsafeSlow(Math.max(1 << 16, this.buffer.length));
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
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = Buffer.allocUnsafeSlow(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    // At most 3 UTF-8 bytes per UTF-16 code unit.
    this.ensure(this.pending.length * 3);
    this.length += this.buffer.write(this.pending, this.length);
    this.pending = '';
  }

  private copy(bytes: Uint8Array): void {
    this.flush();
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  private trace(value: object): void {
    let cached = this.traces.get(value);
    if (cached === undefined) {
      cached = Buffer.from(JSON.stringify(value));
      this.traces.set(value, cached);
    }
    this.copy(cached);
  }

  /** A non-empty array of trace objects (checked by the caller). */
  private traceArray(items: readonly object[]): void {
    let node = this.traceArrays;
    for (const item of items) {
      let next = node.next.get(item);
      if (next === undefined) {
        next = { next: new Map() };
        node.next.set(item, next);
      }
      node = next;
    }
    node.bytes ??= Buffer.from(JSON.stringify(items));
    this.copy(node.bytes);
  }

  private key(name: string): string {
    let text = this.keys.get(name);
    if (text === undefined) {
      text = `${JSON.stringify(name)}:`;
      if (this.keys.size < 1024) this.keys.set(name, text);
    }
    return text;
  }

  /** JSON.stringify's rules, for the plain data the engine returns (no toJSON, no cycles). */
  private value(value: unknown, mode: Mode): void {
    if (mode === Mode.Native || value === null || typeof value !== 'object') {
      // Within arrays JSON.stringify writes undefined (and functions) as null.
      this.pending += JSON.stringify(value) ?? 'null';
      return;
    }
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      this.pending += JSON.stringify(value);
      return;
    }
    if (Array.isArray(value)) {
      if (mode === Mode.Traces && value.length > 0 && value.every(isObject)) {
        this.traceArray(value);
        return;
      }
      this.pending += '[';
      for (let i = 0; i < value.length; i++) {
        if (i > 0) this.pending += ',';
        const item: unknown = value[i];
        if (mode === Mode.Traces && item !== null && typeof item === 'object') this.trace(item);
        else this.value(item, mode === Mode.Walk ? Mode.Walk : Mode.Native);
      }
      this.pending += ']';
      return;
    }
    this.pending += '{';
    let first = true;
    const record = value as Record<string, unknown>;
    for (const name of Object.keys(record)) {
      const item = record[name];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      this.pending += first ? this.key(name) : `,${this.key(name)}`;
      first = false;
      const next =
        TRACE_KEYS.has(name) && Array.isArray(item)
          ? Mode.Traces
          : WALK_KEYS.has(name)
            ? Mode.Walk
            : Mode.Native;
      this.value(item, next);
    }
    this.pending += '}';
  }
}
