/** Pseudonymisation: keyed (HMAC-SHA256), stable for one key, different under another, never the clear ID. */
import { describe, expect, it } from 'vitest';
import { loadPseudonymKey, pseudonymise, pseudonymOf } from '../../functions/shared/pseudonym.ts';

const ID = '11010519491231002X';
const key = Buffer.alloc(32, 1);

describe('pseudonymOf', () => {
  it('is stable for one key, differs under another, and ignores the case of X', () => {
    expect(pseudonymOf(ID, key)).toBe(pseudonymOf(ID.toLowerCase(), key));
    expect(pseudonymOf(ID, key)).not.toBe(pseudonymOf(ID, Buffer.alloc(32, 2)));
    expect(pseudonymOf(ID, key)).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
  });
  it('replaces person.idNumber and leaves everything else alone', () => {
    const body = { person: { idNumber: ID, birthDate: '1949-12-31', hukou: [] }, month: '2020-05' };
    const out = pseudonymise(body, key) as { person: Record<string, unknown> };
    expect(JSON.stringify(out)).not.toContain(ID);
    expect(out).toEqual({
      person: { idNumberHmac: pseudonymOf(ID, key), birthDate: '1949-12-31', hukou: [] },
      month: '2020-05',
    });
    expect(pseudonymise({ person: { birthDate: 'x' } }, key)).toEqual({ person: { birthDate: 'x' } });
    expect(pseudonymise('text', key)).toBe('text');
  });
  it('reads the key from PSEUDONYM_KEY (base64 or hex) and refuses to run without one', async () => {
    expect(await loadPseudonymKey({ PSEUDONYM_KEY: key.toString('base64') })).toEqual(key);
    expect(await loadPseudonymKey({ PSEUDONYM_KEY: key.toString('hex') })).toEqual(key);
    await expect(loadPseudonymKey({})).rejects.toThrow(/PSEUDONYM_KEY/);
  });
});
