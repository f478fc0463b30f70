/**
 * Schemas shared by several policy routes. A route's own body schema sits in its folder's schema.ts
 * instead: esbuild keeps every zod schema a bundled module builds, used or not (building one is a
 * call it cannot prove free of side effects), so one module of every body would put them all in
 * every bundle.
 */
import * as z from 'zod';

/**
 * An id the service generated: a UUID as zod checks it (versions 1–8, the nil and max UUIDs). The
 * pattern is published beside `format: uuid`, which zod-to-openapi gives alone and which any
 * version would satisfy.
 */
export const uuid = (message?: string) => z.uuid(message).meta({ pattern: z.regexes.uuid().source });

export const IdPath = z.strictObject({ id: uuid('must be an id returned when it was created') });

export const AnyObject = z.record(z.string(), z.unknown());
