/**
 * POST /v1/drafts: a draft as an object or as YAML text, exactly one of the two. The draft itself is
 * checked against its base ruleset by the handler (a 422 naming each change), not by this schema.
 */
import * as z from 'zod';

export const RequestSchema = z
  .strictObject({
    name: z.string().min(1).max(200).optional(),
    draft: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('the draft as an object (docs/policy.md); its content is checked against its base: 422'),
    yaml: z.string().min(1).max(200_000).optional().describe('or the draft file as YAML text'),
  })
  .refine((b) => (b.draft === undefined) !== (b.yaml === undefined), {
    message: 'give the draft either as `draft` (an object) or as `yaml` (text), not both',
  })
  // The refinement above in the document's terms: exactly one of the two fields.
  .meta({ id: 'DraftRequest', oneOf: [{ required: ['draft'] }, { required: ['yaml'] }] });
