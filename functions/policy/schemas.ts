/**
 * Schemas shared by several policy routes. A route's own body schema sits in its handler instead:
 * esbuild keeps every zod schema a bundled module builds, used or not (building one is a call it
 * cannot prove free of side effects), so one module of every body would put them all in every bundle.
 */
import * as z from 'zod';

export const IdPath = z.strictObject({ id: z.uuid('must be an id returned when it was created') });

export const AnyObject = z.record(z.string(), z.unknown());
