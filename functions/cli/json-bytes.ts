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

export class JsonBytesWriter {
  private buffer: Buffer;
  private length = 0;
  /** Text not yet encoded: short pieces are gathered and encoded in one call. */
  private pending = '';
  private readonly traces = new WeakMap<object, Buffer>();

  constructor(initialSize = 1 << 20) {
    this.buffer = Buffer.allocUnsafeSlow(initialSize);
  }

  /** Appends `value` as JSON, then a newline. */
  line(value: unknown): void {
    this.value(value, false);
    this.pending += '\n';
    if (this.pending.length > 4096) this.flush();
  }

  /** Appends text that is already JSON (a problem line, say). */
  raw(text: string): void {
    this.pending += text;
    if (this.pending.length > 4096) this.flush();
  }

  /** The bytes written so far, and a fresh buffer for what comes next (the old one may be transferred). */
  take(): { bytes: Buffer; length: number } {
    this.flush();
    const taken = { bytes: this.buffer, length: this.length };
    this.buffer = Buffer.allocUnsafeSlow(Math.max(1 << 16, this.buffer.length));
    this.length = 0;
    return taken;
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = Buffer.allocUnsafeSlow(size);
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    // At most 3 UTF-8 bytes per UTF-16 code unit.
    this.ensure(this.pending.length * 3);
    this.length += this.buffer.write(this.pending, this.length, 'utf8');
    this.pending = '';
  }

  private bytes(chunk: Buffer): void {
    this.flush();
    this.ensure(chunk.length);
    chunk.copy(this.buffer, this.length);
    this.length += chunk.length;
  }

  private trace(value: object): void {
    let cached = this.traces.get(value);
    if (cached === undefined) {
      cached = Buffer.from(JSON.stringify(value), 'utf8');
      this.traces.set(value, cached);
    }
    this.bytes(cached);
  }

  /** JSON.stringify's rules, for the plain data the engine returns (no toJSON, no cycles). */
  private value(value: unknown, inTraceArray: boolean): void {
    if (typeof value === 'string') {
      this.pending += JSON.stringify(value);
      return;
    }
    if (value === null || typeof value !== 'object') {
      // Numbers (non-finite ones become null), booleans; undefined and functions only occur in
      // arrays here (object members are skipped below), where JSON.stringify writes null.
      this.pending += JSON.stringify(value) ?? 'null';
      return;
    }
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      this.pending += JSON.stringify(value);
      return;
    }
    if (Array.isArray(value)) {
      this.pending += '[';
      for (let i = 0; i < value.length; i++) {
        if (i > 0) this.pending += ',';
        const item = value[i];
        if (inTraceArray && item !== null && typeof item === 'object') this.trace(item);
        else this.value(item, false);
      }
      this.pending += ']';
      return;
    }
    this.pending += '{';
    let first = true;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      this.pending += `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      this.value(item, TRACE_KEYS.has(key) && Array.isArray(item));
    }
    this.pending += '}';
  }
}
