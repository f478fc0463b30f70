/**
 * Money in integer fen (分). Amounts cross every boundary as decimal strings with exactly two
 * decimals ("105.00"); inside the engine they are safe integers, so sums are exact and fast.
 * Division (the account pension, 账户余额 ÷ 139) is money-division.ts.
 */

/** An amount of money in fen. A plain number kept to safe integers; the brand stops mixing with counts. */
export type Fen = number & { readonly __unit: 'fen' };

export type RoundingMode = 'half-up' | 'half-even' | 'down';

export const ZERO = 0 as Fen;

/**
 * The fen in a money string, /^(-?)(\d{1,13})\.(\d{2})$/, or undefined. Read by character: every
 * contribution of every case is parsed, and a regular expression's match array cost more than the
 * rest of the parse. 15 digits stay well inside Number's exact integers.
 */
function fenOf(text: string): number | undefined {
  const negative = text.charCodeAt(0) === 0x2d;
  const start = negative ? 1 : 0;
  const point = text.length - 3;
  const integerDigits = point - start;
  if (integerDigits < 1 || integerDigits > 13 || text.charCodeAt(point) !== 0x2e) return undefined;
  let value = 0;
  for (let i = start; i < text.length; i++) {
    if (i === point) continue;
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return negative && value !== 0 ? -value : value;
}

/** True when `text` is a money string: optional minus, up to 13 integer digits, exactly two decimals. */
export function isMoneyString(text: string): boolean {
  return fenOf(text) !== undefined;
}

/** "105.00" → 10500 fen. Throws on anything that is not a two-decimal money string. */
export function parseMoney(text: string): Fen {
  const fen = fenOf(text);
  if (fen === undefined) throw new RangeError(`not a money string: ${JSON.stringify(text)}`);
  return fen as Fen;
}

/** 10500 fen → "105.00". */
export function formatMoney(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of fen: ${fen}`);
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${fen < 0 ? '-' : ''}${yuan}.${cents < 10 ? '0' : ''}${cents}`;
}

export function addFen(a: Fen, b: Fen): Fen {
  return (a + b) as Fen;
}

export function multiplyFen(amount: Fen, count: number): Fen {
  const product = amount * count;
  if (!Number.isSafeInteger(product)) throw new RangeError('money overflow');
  return product as Fen;
}
