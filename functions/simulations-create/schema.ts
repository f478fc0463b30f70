/** POST /v1/simulations: a stored draft × a stored case set, answered 202 at once. */
import * as z from 'zod';
import { MonthSchema, RulesetIdSchema } from '../../rules/index.ts';
import { uuid } from '../policy/schemas.ts';

export const RequestSchema = z
  .strictObject({
    draftId: uuid().describe('the id POST /v1/drafts answered'),
    caseSetId: uuid().describe('the id POST /v1/case-sets answered'),
    baseline: RulesetIdSchema.optional().describe('default: the draft’s base'),
    month: MonthSchema.optional().describe('evaluate every case at this month'),
  })
  .meta({ id: 'SimulationRequest' });

export const ResponseSchema = z
  .strictObject({ id: z.string(), status: z.literal('queued'), location: z.string() })
  .meta({ id: 'SimulationQueued' });
