/**
 * The 身份证号 as typed (GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check character). The
 * number stays in its input: it is read when a request is sent, masked on the printed sheet, and
 * never stored by the page.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function idProblem(id: string): 'shape' | 'check-digit' | undefined {
  if (!/^\d{17}[\dXx]$/.test(id)) return 'shape';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] === (id[17] as string).toUpperCase() ? undefined : 'check-digit';
}

/** The birth date a valid number holds (digits 7–14), when it is a real calendar date. */
export function birthDateOf(id: string): string | undefined {
  if (idProblem(id)) return undefined;
  const [y, m, d] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)];
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  const real =
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() + 1 === Number(m) &&
    date.getUTCDate() === Number(d);
  return real ? `${y}-${m}-${d}` : undefined;
}

/** 6205**********1236: the first four and the last four characters, as printed on the sheet. */
export const maskId = (id: string) =>
  `${id.slice(0, 4)}${'*'.repeat(Math.max(0, id.length - 8))}${id.slice(-4)}`;
