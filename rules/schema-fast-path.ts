/**
 * Fast paths generated from a zod schema, for two things done with a case: parsing it (`fastPath`,
 * behind `shapeCase`: the batch CLI and the golden cases; the HTTP API validates its body in its
 * middleware, where zod's cost is small beside the audit write) and writing its canonical JSON for
 * the receipt's input hash (`canonicalWalker`, every calculation).
 *
 * The parse fast path: the same schema, walked once into plain functions that accept the
 * common, valid input without zod's per-field machinery (a payload object and an issue list per
 * field, which cost more than the calculation and made most of its garbage).
 *
 * It only ever says "valid, and here is what zod would give" or "not sure": anything it does not
 * accept goes to zod, which decides and words every error. So it may be stricter than the schema,
 * never looser (no parser here accepts `undefined`, which zod's optional fields may), and a schema
 * using a kind or check not known here has no fast path at all. What it gives for what it accepts
 * is what zod gives: new objects with the shape's keys in the shape's order and only the keys
 * present, new arrays, the same strings, numbers and booleans.
 * test/rules/schema-fast-path.test.ts holds it to zod on generated cases, valid and not.
 *
 * The schema's own checks run as they are (its `z.check` functions and regular expressions), on one
 * reused payload. The functions are generated, as zod's own object parser is, one per schema node:
 * a property read by a literal name, and a call that always reaches the same function, are what
 * the JavaScript engine makes fast; the same walk through shared closures was slower (docs/cli.md,
 * "Measured choices").
 */
import type * as z from 'zod';
import type { CanonicalWriter } from './canonical-json.ts';

interface Def {
  readonly type: string;
  readonly checks?: readonly Check[];
  readonly coerce?: boolean;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly catchall?: z.ZodType;
  readonly element?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly entries?: Readonly<Record<string, unknown>>;
}

interface Check {
  readonly _zod: {
    readonly def: { readonly check: string; readonly maximum?: number; readonly when?: unknown };
    readonly check: (payload: { value: unknown; issues: unknown[] }) => void;
  };
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

class Unsupported extends Error {}

/** The source `generate` makes, or an error naming what of the schema it could not follow. */
function generated(what: string, generate: () => string): string {
  try {
    return generate();
  } catch (error) {
    if (error instanceof Unsupported)
      throw new Error(`the ${what} cannot follow this schema (${error.message})`);
    throw error;
  }
}

/** A schema node whose kind takes no check here: any check it has is one the fast path cannot run. */
function refuseChecks(def: Def): void {
  const check = def.checks?.[0];
  if (check) throw new Unsupported(check._zod.def.check);
}

/** The parser's generated source: one function per schema node, and the values they refer to. */
class ParserGenerator {
  readonly functions: string[] = [];
  readonly refs: unknown[] = [];

  ref(value: unknown): string {
    this.refs.push(value);
    return `refs[${this.refs.length - 1}]`;
  }

  /** Adds a function `f<n>(value)` with this body; returns its name. */
  add(body: string): string {
    const name = `f${this.functions.length}`;
    this.functions.push(`function ${name}(value) {\n${body}\n}`);
    return name;
  }

  /** The schema's checks, as statements returning NOT_SURE on an issue. */
  checks(def: Def, kinds: readonly string[]): string {
    return (def.checks ?? [])
      .map((check) => {
        const { check: kind, when } = check._zod.def;
        if (!kinds.includes(kind) || when !== undefined) throw new Unsupported(kind);
        return `payload.value = value; ${this.ref(check._zod.check)}(payload);
  if (payload.issues.length !== 0) { payload.issues.length = 0; return NOT_SURE; }`;
      })
      .join('\n');
  }

  /** Generates the parser of `schema`; returns its function's name. */
  compile(schema: z.ZodType): string {
    const def = defOf(schema);
    if (def.coerce) throw new Unsupported('coerce');
    switch (def.type) {
      case 'string':
        return this.add(`if (typeof value !== 'string') return NOT_SURE;
${this.checks(def, ['custom', 'string_format'])}
return value;`);
      case 'number':
        return this.add(`if (typeof value !== 'number' || !Number.isFinite(value)) return NOT_SURE;
${this.checks(def, ['custom'])}
return value;`);
      case 'boolean':
        refuseChecks(def);
        return this.add(`return typeof value === 'boolean' ? value : NOT_SURE;`);
      case 'enum': {
        refuseChecks(def);
        const values = Object.values(def.entries ?? {});
        if (!values.every((v) => typeof v === 'string')) throw new Unsupported('enum');
        return this.add(`return ${this.ref(new Set(values))}.has(value) ? value : NOT_SURE;`);
      }
      case 'array':
        return this.array(def);
      case 'object':
        return this.object(def);
      default:
        throw new Unsupported(def.type);
    }
  }

  private array(def: Def): string {
    const limits = (def.checks ?? []).map((check) => {
      if (check._zod.def.check !== 'max_length') throw new Unsupported(check._zod.def.check);
      return check._zod.def.maximum ?? Number.POSITIVE_INFINITY;
    });
    const maximum = Math.min(...limits);
    const element = this.compile(def.element as z.ZodType);
    return this.add(`if (!Array.isArray(value) || value.length > ${maximum}) return NOT_SURE;
const out = new Array(value.length);
for (let i = 0; i < value.length; i++) {
  const item = ${element}(value[i]);
  if (item === NOT_SURE) return NOT_SURE;
  out[i] = item;
}
return out;`);
  }

  /** A strict object (zod's catchall `never`): unknown keys refused, as zod refuses them. */
  private object(def: Def): string {
    refuseChecks(def);
    if (!def.shape || !def.catchall || defOf(def.catchall).type !== 'never') throw new Unsupported('object');
    const keys = Object.keys(def.shape);
    if (keys.includes('__proto__') || Object.getOwnPropertySymbols(def.shape).length > 0) {
      throw new Unsupported('keys');
    }
    const steps = keys.map((key) => {
      let field = (def.shape as Record<string, z.ZodType>)[key] as z.ZodType;
      const optional = defOf(field).type === 'optional';
      if (optional) {
        refuseChecks(defOf(field));
        field = defOf(field).innerType as z.ZodType;
      }
      const parse = this.compile(field);
      const name = JSON.stringify(key);
      const read = `v = ${parse}(value[${name}]); if (v === NOT_SURE) return NOT_SURE; out[${name}] = v;`;
      // An optional key is present as zod tells it (`in`); a required one missing reads undefined,
      // which no parser accepts.
      return optional ? `if (${name} in value) { ${read} }` : read;
    });
    const known = keys.map((key) => `case ${JSON.stringify(key)}:`).join(' ');
    return this.add(`if (typeof value !== 'object' || value === null || Array.isArray(value)) return NOT_SURE;
// Every key for…in yields, as zod's strict object walks them.
for (const key in value) switch (key) { ${known} break; default: return NOT_SURE; }
const out = {};
let v;
${steps.join('\n')}
return out;`);
  }
}

const NOT_SURE: unique symbol = Symbol('not sure');

/**
 * The fast path of `schema`: a function giving zod's output for input it is sure of, undefined
 * otherwise (then zod must parse). Throws if the schema uses anything the fast path cannot follow,
 * so a schema meant to have one never silently loses it.
 */
export function fastPath<T extends z.ZodType>(schema: T): (value: unknown) => z.output<T> | undefined {
  const generator = new ParserGenerator();
  const root = generated('fast path', () => generator.compile(schema));
  // One payload for every check: a check only reads `value` and pushes to `issues`.
  const source = `const payload = { value: undefined, issues: [] };
${generator.functions.join('\n')}
return ${root};`;
  const parse = new Function('NOT_SURE', 'refs', source)(NOT_SURE, generator.refs) as (
    value: unknown,
  ) => unknown;
  return (value) => {
    const parsed = parse(value);
    return parsed === NOT_SURE ? undefined : (parsed as z.output<T>);
  };
}

/**
 * Writes a value the schema outputs as canonical JSON (canonical-json.ts: keys sorted by UTF-16
 * code units, undefined members left out), into the canonical writer: the same bytes as its
 * generic walk, which must look up and sort every object's keys as it goes, while these functions
 * know them from the schema. Only keys of the schema are written, so a schema without some keys
 * (the input hash's: no ID number, no ruleset id) writes a value without them.
 */
class CanonicalGenerator {
  readonly functions: string[] = [];

  add(body: string): string {
    const name = `w${this.functions.length}`;
    this.functions.push(`function ${name}(value, writer) {\n${body}\n}`);
    return name;
  }

  compile(schema: z.ZodType): string {
    const def = defOf(schema);
    switch (def.type) {
      case 'enum':
        if (!Object.values(def.entries ?? {}).every((v) => typeof v === 'string'))
          throw new Unsupported('enum');
        return this.add('writer.string(value);');
      case 'string':
        return this.add('writer.string(value);');
      case 'number':
        // The schema's numbers are finite (zod refuses NaN and the infinities): String is their JSON.
        return this.add('writer.ascii(String(value));');
      case 'boolean':
        return this.add("writer.ascii(value ? 'true' : 'false');");
      case 'array': {
        const element = this.compile(def.element as z.ZodType);
        return this.add(`writer.byte(0x5b);
for (let i = 0; i < value.length; i++) {
  if (i > 0) writer.byte(0x2c);
  ${element}(value[i], writer);
}
writer.byte(0x5d);`);
      }
      case 'object': {
        // Strict or stripping: the output has no key outside the shape, so writing the shape's is all.
        if (def.catchall !== undefined && defOf(def.catchall).type !== 'never')
          throw new Unsupported('object');
        const shape = def.shape ?? {};
        const members = Object.keys(shape)
          .sort()
          .map((key) => {
            let field = shape[key] as z.ZodType;
            if (defOf(field).type === 'optional') field = defOf(field).innerType as z.ZodType;
            const name = JSON.stringify(key);
            if (!/^[\x20-\x7e]*$/.test(name)) throw new Unsupported('a key that is not ASCII');
            return `item = value[${name}];
if (item !== undefined) {
  if (first) first = false; else writer.byte(0x2c);
  writer.ascii(${JSON.stringify(`${name}:`)});
  ${this.compile(field)}(item, writer);
}`;
          });
        return this.add(`writer.byte(0x7b);
let first = true;
let item;
${members.join('\n')}
writer.byte(0x7d);`);
      }
      default:
        throw new Unsupported(def.type);
    }
  }
}

/**
 * The canonical JSON walker of `schema`'s output, for canonicalHashWith. Throws for a schema kind
 * it cannot follow.
 */
export function canonicalWalker<T extends z.ZodType>(
  schema: T,
): (value: z.output<T>, writer: CanonicalWriter) => void {
  const generator = new CanonicalGenerator();
  const root = generated('canonical walker', () => generator.compile(schema));
  return new Function(`${generator.functions.join('\n')}\nreturn ${root};`)() as (
    value: z.output<T>,
    writer: CanonicalWriter,
  ) => void;
}
