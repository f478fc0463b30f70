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

export function canonicalJson(value: unknown): string {
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
