/**
 * Dividing money: the one place a monetary amount is rounded, once, at the point the rule names
 * (the account pension, 账户余额 ÷ 139: contract decision 6, 《社会保险基金会计制度》 fen precision,
 * GB/T 40217—2021 D16.2). Whole fen by a whole divisor is exact integer arithmetic; anything else
 * goes through a cloned decimal.js constructor.
 *
 * Its own module so that only code that divides loads decimal.js: the Lambda functions that never
 * calculate (drafts, audit records) leave it out of their bundles (package.json "sideEffects").
 */
import { Decimal } from 'decimal.js';
import type { Fen, RoundingMode } from './money.ts';

/** The decimal.js constructor used for every division: never the global one (decimal.js #69, #208). */
const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

const DECIMAL_ROUNDING: Record<RoundingMode, Decimal.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
  down: Decimal.ROUND_DOWN,
};

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
