/**
 * The JSON text of a scalar, as JSON.stringify writes it: shared by the two byte writers (the
 * receipt's canonical JSON, rules/canonical-json.ts, and the batch CLI's answers,
 * functions/cli/json-bytes.ts), which walk objects and arrays and write strings each their own way.
 */

/**
 * JSON text of a number, boolean, null, undefined, function or symbol (the last three as null, as
 * within an array); undefined for a string or an object, which the caller writes. A bigint throws,
 * as it does in JSON.stringify.
 */
export function scalarJson(value: unknown): string | undefined {
  switch (typeof value) {
    case 'number':
      // Number#toString is JSON's number form; NaN and the infinities are null.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return undefined;
    case 'object':
      return value === null ? 'null' : undefined;
    default:
      return JSON.stringify(value) ?? 'null';
  }
}
