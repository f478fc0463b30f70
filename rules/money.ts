/**
 * Money in integer fen (分). Amounts cross every boundary as decimal strings with exactly two
 * decimals ("105.00"); inside the engine they are safe integers, so sums are exact and fast.
 * Division (the account pension, 账户余额 ÷ 139) goes through a cloned decimal.js constructor and
 * is rounded once, at the point the rule names (contract decision 6, 《社会保险基金会计制度》 fen precision,
 * GB/T 40217—2021 D16.2).
 */
import { Decimal } from 'decimal.js';

/** An amount of money in fen. A plain number kept to safe integers; the brand stops mixing with counts. */
export type Fen = number & { readonly __unit: 'fen' };

export type RoundingMode = 'half-up' | 'half-even' | 'down';

/** The decimal.js constructor used for every division: never the global one (decimal.js #69, #208). */
const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

const DECIMAL_ROUNDING: Record<RoundingMode, Decimal.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
  down: Decimal.ROUND_DOWN,
};

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

/** amount ÷ divisor, rounded to the fen with `mode`: the one place a monetary rounding happens. */
export function divideFen(amount: Fen, divisor: number, mode: RoundingMode): Fen {
  if (!(divisor > 0)) throw new RangeError(`divisor must be positive: ${divisor}`);
  if (
    Number.isSafeInteger(amount) &&
    Number.isSafeInteger(divisor) &&
    Math.abs(amount) + divisor <= Number.MAX_SAFE_INTEGER
  ) {
    return divideWhole(amount, divisor, mode);
  }
  const quotient = new Dec(amount).div(divisor).toDecimalPlaces(0, DECIMAL_ROUNDING[mode]);
  return quotient.toNumber() as Fen;
}

/**
 * The same division for whole fen and a whole divisor (the account pension's 139), by quotient and
 * remainder: exact, so it rounds exactly as decimal.js does, without its cost on every segment of
 * an arrears ledger. Modes are symmetric about zero, as decimal.js's are.
 */
function divideWhole(amount: number, divisor: number, mode: RoundingMode): Fen {
  const magnitude = Math.abs(amount);
  // The float quotient can be one off near a whole number; the remainder puts it right, exactly.
  let quotient = Math.floor(magnitude / divisor);
  let remainder = magnitude - quotient * divisor;
  if (remainder < 0) {
    quotient -= 1;
    remainder += divisor;
  } else if (remainder >= divisor) {
    quotient += 1;
    remainder -= divisor;
  }
  const twiceRemainder = remainder * 2;
  if (
    (mode === 'half-up' && twiceRemainder >= divisor) ||
    (mode === 'half-even' && (twiceRemainder > divisor || (twiceRemainder === divisor && quotient % 2 === 1)))
  ) {
    quotient += 1;
  }
  return (amount < 0 ? -quotient : quotient) as Fen;
}
