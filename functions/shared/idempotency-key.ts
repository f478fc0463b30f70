/**
 * The shape of an `Idempotency-Key` header: 1 to 200 visible ASCII characters. Its own module so the
 * OpenAPI document can publish the pattern without bundling Powertools idempotency (./idempotency.ts).
 */
export const IDEMPOTENCY_KEY_PATTERN = '^[\\x21-\\x7e]{1,200}$';
