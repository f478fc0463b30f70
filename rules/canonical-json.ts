/** Canonical JSON (sorted keys, no whitespace) and its SHA-256: formatting never changes a hash. */
import { hash } from 'node:crypto';

/** `"key":` for keys already seen: a case has a few dozen keys, all from the same small set. */
const KEY_PREFIXES = new Map<string, string>();

function keyPrefix(key: string): string {
  let prefix = KEY_PREFIXES.get(key);
  if (prefix === undefined) {
    prefix = `${JSON.stringify(key)}:`;
    if (KEY_PREFIXES.size < 4096) KEY_PREFIXES.set(key, prefix);
  }
  return prefix;
}

/**
 * JSON.stringify(text) for a string, without its call overhead for the short plain strings a case
 * is made of (dates, codes, amounts): printable ASCII other than `"` and `\\` needs no escaping.
 */
export function quoteJson(text: string): string {
  if (text.length > 64) return JSON.stringify(text);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return JSON.stringify(text);
  }
  return `"${text}"`;
}

export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return quoteJson(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  // Built by appending rather than with entries/map/join: every receipt hashes its case, so this
  // runs once per calculation. Keys sort by UTF-16 code units (Array.prototype.sort's default).
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${keyPrefix(key)}${canonicalJson(v)}`;
  }
  return `${out}}`;
}

/** crypto.hash: the one-shot form (Node ≥ 20.12), half the cost of createHash for a case-sized text. */
export function sha256(text: string): string {
  return `sha256:${hash('sha256', text, 'hex')}`;
}
