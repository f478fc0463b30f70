/** GET /v1/rulesets/{id}/parameters?area=&date=: every parameter resolved for one area and day. */
import * as z from 'zod';
import { AreaSchema, DateSchema } from '../../rules/index.ts';
import { CalendarDate, ParameterTraceSchema, RulesetId, Sha256 } from '../shared/schemas.ts';

export const PathSchema = z.strictObject({ id: z.string().min(1).max(64) });

export const QuerySchema = z.strictObject({ area: AreaSchema, date: DateSchema });

export const ResponseSchema = z
  .strictObject({
    ruleset: RulesetId,
    rulesetHash: Sha256,
    area: z.string(),
    date: CalendarDate,
    parameters: z.array(ParameterTraceSchema),
  })
  .meta({ id: 'RulesetParameters' });
