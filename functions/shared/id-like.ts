/**
 * What a resident ID number looks like in text: 18 characters (GB 11643-1999, the last may be X) or
 * the 15 digits of the 1989 form. The logger masks these in every line, and error messages built for
 * answers and reports mask them too: both are a second line of defence behind never quoting input.
 */
export const ID_LIKE = /\d{17}[\dXx]|\d{15}/g;

/** `text` with anything shaped like an ID number replaced. */
export function maskIdNumbers(text: string): string {
  return text.replace(ID_LIKE, '[redacted]');
}
