/**
 * 公民身份号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit order code and an
 * ISO 7064 MOD 11-2 check character. The number is only ever checked here; it never leaves the
 * engine and plays no part in any amount.
 */
import { isCalendarDate } from './calendar.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const SHAPE = /^\d{17}[\dXx]$/;

/** The check character for a 17-digit body. */
export function checkCharacter(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17.charCodeAt(i) - 48) * (WEIGHTS[i] as number);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

export type ResidentIdProblem = 'shape' | 'check-digit' | 'birth-date';

/** Why an ID number is not valid, or undefined when it is. A lowercase x is accepted as X. */
export function residentIdProblem(idNumber: string): ResidentIdProblem | undefined {
  if (!SHAPE.test(idNumber)) return 'shape';
  if (checkCharacter(idNumber.slice(0, 17)) !== idNumber.charAt(17).toUpperCase()) return 'check-digit';
  if (!isCalendarDate(residentIdBirthDate(idNumber))) return 'birth-date';
  return undefined;
}

/** The birth date written in an ID number, as "YYYY-MM-DD" (not checked to be a real date). */
export function residentIdBirthDate(idNumber: string): string {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}
