/** GET /v1/rulesets: the published rulesets, oldest first, and which one is used when a case names none. */
import * as z from 'zod';
import { CalendarDate, RulesetId, Sha256 } from '../shared/schemas.ts';

const RulesetSummarySchema = z
  .strictObject({
    id: RulesetId,
    hash: Sha256,
    publishedAt: CalendarDate,
    description: z.string(),
    basedOn: RulesetId.optional(),
  })
  .meta({ id: 'RulesetSummary' });

export const ResponseSchema = z
  .strictObject({ rulesets: z.array(RulesetSummarySchema), latest: RulesetId })
  .meta({ id: 'RulesetList' });
