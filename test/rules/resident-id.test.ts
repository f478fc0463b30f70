import { describe, expect, it } from 'vitest';
import { checkCharacter, residentIdBirthDate, residentIdProblem } from '../../rules/resident-id.ts';

/** Published examples of GB 11643-1999 numbers, with the birth date each encodes. */
const VECTORS = [
  ['11010519491231002X', '1949-12-31'],
  ['440524188001010014', '1880-01-01'],
  ['360426199101010071', '1991-01-01'],
  ['44011320141005001X', '2014-10-05'],
] as const;

const CHARACTERS = '0123456789X';

describe('公民身份号码 check character (ISO 7064 MOD 11-2)', () => {
  it.each(VECTORS)('accepts %s, born %s', (id, birth) => {
    expect(residentIdProblem(id)).toBeUndefined();
    expect(checkCharacter(id.slice(0, 17))).toBe(id.charAt(17));
    expect(residentIdBirthDate(id)).toBe(birth);
  });

  it('accepts a lowercase x as the check character X', () => {
    expect(residentIdProblem('11010519491231002x')).toBeUndefined();
    expect(residentIdProblem('44011320141005001x')).toBeUndefined();
  });

  it.each(VECTORS)('rejects every single-character substitution of %s', (id) => {
    let tried = 0;
    for (let i = 0; i < 18; i++) {
      for (const c of CHARACTERS) {
        if (c === id.charAt(i)) continue;
        const changed = id.slice(0, i) + c + id.slice(i + 1);
        expect(residentIdProblem(changed), changed).toBeDefined();
        tried++;
      }
    }
    expect(tried).toBe(18 * 10);
  });

  it.each(VECTORS)('rejects every transposition of two different adjacent characters of %s', (id) => {
    for (let i = 0; i < 17; i++) {
      if (id.charAt(i) === id.charAt(i + 1)) continue;
      const swapped = id.slice(0, i) + id.charAt(i + 1) + id.charAt(i) + id.slice(i + 2);
      expect(residentIdProblem(swapped), swapped).toBeDefined();
    }
  });

  it('names what is wrong', () => {
    expect(residentIdProblem('11010519491231002')).toBe('shape');
    expect(residentIdProblem('11010519491231002XX')).toBe('shape');
    expect(residentIdProblem('1101051949123100X2')).toBe('shape');
    expect(residentIdProblem('110105194912310021')).toBe('check-digit');
    // A correct check character over a birth date that does not exist (2023-02-29).
    const body = '11010520230229002';
    expect(residentIdProblem(body + checkCharacter(body))).toBe('birth-date');
  });
});
