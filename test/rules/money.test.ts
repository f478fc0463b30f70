import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addFen,
  type Fen,
  formatMoney,
  isMoneyString,
  multiplyFen,
  parseMoney,
  ZERO,
} from '../../rules/money.ts';
import { divideFen } from '../../rules/money-division.ts';

const fen = (n: number) => n as Fen;

describe('money strings', () => {
  it.each([
    ['0.00', 0],
    ['0.01', 1],
    ['105.00', 10500],
    ['13900.00', 1390000],
    ['-210.00', -21000],
    ['-0.05', -5],
    ['9999999999999.99', 999999999999999],
  ])('parses %s as %i fen and formats it back', (text, value) => {
    expect(parseMoney(text)).toBe(value);
    expect(formatMoney(fen(value))).toBe(text);
  });

  it('reads a negative zero as zero', () => {
    expect(parseMoney('-0.00')).toBe(0);
    expect(Object.is(parseMoney('-0.00'), 0)).toBe(true);
    expect(formatMoney(parseMoney('-0.00'))).toBe('0.00');
  });

  it('keeps leading zeros out of the formatted form', () => {
    expect(parseMoney('007.50')).toBe(750);
    expect(formatMoney(fen(750))).toBe('7.50');
  });

  it.each([
    '105',
    '105.0',
    '105.000',
    '1.5e2',
    ' 105.00',
    '105.00 ',
    '+105.00',
    '¥105.00',
    '105,00',
    '10,500.00',
    '',
    '.50',
    '--1.00',
    '12345678901234.00',
  ])('rejects %j', (text) => {
    expect(isMoneyString(text)).toBe(false);
    expect(() => parseMoney(text)).toThrow(RangeError);
  });

  it('accepts exactly what the contract pattern accepts, and reads the same value', () => {
    const pattern = /^(-?)(\d{1,13})\.(\d{2})$/;
    const text = fc.string({ unit: fc.constantFrom(...'-0123456789.x \n٣'), maxLength: 18 });
    fc.assert(
      fc.property(text, (candidate) => {
        const match = pattern.exec(candidate);
        expect(isMoneyString(candidate)).toBe(match !== null);
        if (match) {
          const value = Number(match[2]) * 100 + Number(match[3]);
          expect(parseMoney(candidate)).toBe(match[1] === '-' && value !== 0 ? -value : value);
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it('refuses to format a fraction of a fen or an unsafe integer', () => {
    expect(() => formatMoney(fen(1.5))).toThrow(/whole number of fen/);
    expect(() => formatMoney(fen(Number.MAX_SAFE_INTEGER + 2))).toThrow(RangeError);
  });
});

describe('arithmetic in fen', () => {
  it('adds and multiplies exactly where floats would drift', () => {
    // 0.1 + 0.2 in yuan is 0.30000000000000004 as floats; in fen it is 30.
    expect(formatMoney(addFen(parseMoney('0.10'), parseMoney('0.20')))).toBe('0.30');
    expect(formatMoney(multiplyFen(parseMoney('55.00'), 36))).toBe('1980.00');
    expect(ZERO).toBe(0);
  });

  it('refuses a product beyond safe integers', () => {
    expect(() => multiplyFen(fen(Number.MAX_SAFE_INTEGER), 2)).toThrow(/overflow/);
  });

  it('divides by 139 and rounds once, half up, to the fen (contract decision 6)', () => {
    expect(formatMoney(divideFen(parseMoney('13900.00'), 139, 'half-up'))).toBe('100.00');
    // 10077 / 139 = 72.496… ; 10078 / 139 = 72.503…
    expect(formatMoney(divideFen(parseMoney('100.77'), 139, 'half-up'))).toBe('0.72');
    expect(formatMoney(divideFen(parseMoney('100.78'), 139, 'half-up'))).toBe('0.73');
    expect(formatMoney(divideFen(parseMoney('100.78'), 139, 'down'))).toBe('0.72');
  });

  it('distinguishes half-up from half-even exactly at a half', () => {
    // 25 fen / 10 = 2.5 fen: half-up 3, half-even 2, down 2; 35 / 10 = 3.5: half-even 4.
    expect(divideFen(fen(25), 10, 'half-up')).toBe(3);
    expect(divideFen(fen(25), 10, 'half-even')).toBe(2);
    expect(divideFen(fen(35), 10, 'half-even')).toBe(4);
    expect(divideFen(fen(25), 10, 'down')).toBe(2);
  });

  it('rounds negative halves away from zero under half-up', () => {
    expect(divideFen(fen(-25), 10, 'half-up')).toBe(-3);
    expect(divideFen(fen(-25), 10, 'down')).toBe(-2);
  });

  it.each([0, -139, Number.NaN])('refuses divisor %d', (divisor) => {
    expect(() => divideFen(fen(100), divisor, 'half-up')).toThrow(/divisor must be positive/);
  });
});
