/**
 * What the OpenAPI document says about each route of functions/routes.ts, by route name: summary,
 * request and answer schemas (the ones the handlers validate with), the success status, and the
 * problem statuses the route's own code answers. The statuses every route shares (400 for a
 * schema, 401/403 from its roles, 413/415 for a body, 429, 500) are derived in ./responses.ts.
 * document.ts throws for a route without an entry here, so no route can go unpublished.
 */
import * as z from 'zod';
import { CaseSchema, RulesetIdSchema } from '../../rules/index.ts';
import * as arrears from '../arrears/schema.ts';
import * as calculationGet from '../calculation-get/schema.ts';
import * as caseSetsCreate from '../case-sets-create/schema.ts';
import * as draftsCreate from '../drafts-create/schema.ts';
import * as eligibility from '../eligibility/schema.ts';
import * as entitlement from '../entitlement/schema.ts';
import { AnyObject, IdPath } from '../policy/schemas.ts';
import * as rulesetParameters from '../ruleset-parameters/schema.ts';
import * as rulesetsList from '../rulesets-list/schema.ts';
import * as screeningsCreate from '../screenings-create/schema.ts';
import * as screeningsGet from '../screenings-get/schema.ts';
import * as screeningsResults from '../screenings-results/schema.ts';
import * as simulationsCreate from '../simulations-create/schema.ts';
import * as simulationsReport from '../simulations-report/schema.ts';

/** Problem statuses only some routes answer; each route says when. */
type OwnStatus = '404' | '409' | '422' | '503';

export type Tag = 'calculations' | 'rulesets' | 'policy' | 'screening' | 'pages';

export interface Operation {
  readonly tag: Tag;
  readonly summary: string;
  readonly body?: z.ZodType;
  readonly path?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly success: {
    readonly status: '200' | '201' | '202';
    readonly description: string;
    readonly schema: z.ZodType;
    readonly contentType?: string;
    /** Several media types, by what is asked for (a report's CSV, JSON or HTML). */
    readonly contentTypes?: readonly string[];
  };
  readonly problems: Readonly<Partial<Record<OwnStatus, string>>>;
  /** Honours the Idempotency-Key header (functions/shared/idempotency.ts). */
  readonly idempotent?: boolean;
}

export const OpenApiDocumentSchema = z
  .looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) })
  .meta({ id: 'OpenApiDocument' });

const STORAGE = 'Storage unavailable or throttled; retry after Retry-After seconds';
const HTML = z.string().meta({ description: 'One self-contained HTML document (zh-CN)' });

/**
 * A ruleset id as the document publishes it: one of the published rulesets. The server's schema
 * takes any id of the right shape and answers 404 for an unknown one; the document names them, so
 * that a client (or a generator) meets that 404 only by ignoring the document.
 */
function publishedRuleset(ids: readonly string[]) {
  return RulesetIdSchema.meta({
    enum: [...ids],
    description: 'A published ruleset (GET /v1/rulesets); when absent, the latest',
  });
}

const calculationProblems = {
  '404': 'Unknown ruleset (a `ruleset` that is not published)',
  '409': 'A request with the same Idempotency-Key is still in progress, or the record exists',
  '422':
    'An impossible case (check digit, ID/birth date mismatch, death before birth, overlapping hukou…), a month or area the ruleset does not cover (not-covered), a fact the ruleset needs missing (missing-fact), or an Idempotency-Key reused with another body',
  '503': STORAGE,
} as const;

/** Every route's entry; `rulesetIds` are the published rulesets the document names. */
export function operations(rulesetIds: readonly string[]): Readonly<Record<string, Operation>> {
  const ruleset = publishedRuleset(rulesetIds);
  const publishedCase = CaseSchema.extend({ ruleset: ruleset.optional() }).meta({ id: 'Case' });
  const calculation = (summary: string, response: z.ZodType): Operation => ({
    tag: 'calculations',
    summary,
    body: publishedCase,
    success: { status: '200', description: 'The answer, with its receipt', schema: response },
    problems: calculationProblems,
    idempotent: true,
  });
  return {
    eligibility: calculation(
      'Who may enrol, who may draw, and the government-paid premium due',
      eligibility.ResponseSchema,
    ),
    entitlement: calculation(
      'The monthly amount for a month, by component, with its trace',
      entitlement.ResponseSchema,
    ),
    arrears: calculation('The back-pay (or overpayment) ledger up to a month', arrears.ResponseSchema),
    'rulesets-list': {
      tag: 'rulesets',
      summary: 'Published rulesets',
      success: { status: '200', description: 'Oldest first', schema: rulesetsList.ResponseSchema },
      problems: {},
    },
    'ruleset-parameters': {
      tag: 'rulesets',
      summary: 'Every parameter of a ruleset resolved for an area and a date',
      path: z.strictObject({ id: ruleset }),
      query: rulesetParameters.QuerySchema,
      success: { status: '200', description: 'The parameters', schema: rulesetParameters.ResponseSchema },
      problems: {
        '404': 'Unknown ruleset',
        '422': 'An area or a date the ruleset does not cover',
      },
    },
    'calculation-get': {
      tag: 'calculations',
      summary: 'The stored audit record of a calculation',
      path: calculationGet.PathSchema,
      success: { status: '200', description: 'The audit record', schema: calculationGet.ResponseSchema },
      problems: { '404': 'Unknown calculation', '503': STORAGE },
    },
    openapi: {
      tag: 'pages',
      summary: 'This document',
      success: { status: '200', description: 'OpenAPI 3.1', schema: OpenApiDocumentSchema },
      problems: {},
    },
    'drafts-create': {
      tag: 'policy',
      summary: 'Check a rule change against its base ruleset and store it; answers its diff',
      body: draftsCreate.RequestSchema,
      success: {
        status: '201',
        description: 'The stored draft, its candidate ruleset and its diff',
        schema: AnyObject.meta({ description: 'id, createdAt, base, candidate, draft, diff' }),
      },
      problems: {
        '422': 'The draft is not valid against its base (invalid-draft: each problem names its change)',
        '503': STORAGE,
      },
    },
    'drafts-get': {
      tag: 'policy',
      summary: 'A stored draft with its diff against its base',
      path: IdPath,
      success: {
        status: '200',
        description: 'The draft, its candidate ruleset and its diff',
        schema: AnyObject.meta({ description: 'id, createdAt, name?, base, candidate, draft, diff' }),
      },
      problems: {
        '404': 'Unknown draft',
        '422': 'The stored draft is no longer valid against the published rulesets',
        '503': STORAGE,
      },
    },
    'case-sets-create': {
      tag: 'policy',
      summary: 'Upload a case set (JSON Lines or CSV) for simulations',
      body: caseSetsCreate.RequestSchema,
      success: { status: '201', description: 'The stored case set', schema: caseSetsCreate.ResponseSchema },
      problems: { '503': STORAGE },
    },
    'simulations-create': {
      tag: 'policy',
      summary: 'Replay a case set under a draft and its baseline; runs after the answer',
      body: simulationsCreate.RequestSchema.extend({ baseline: ruleset.optional() }).meta({
        id: 'SimulationRequest',
      }),
      success: {
        status: '202',
        description: 'Queued: follow `location`',
        schema: simulationsCreate.ResponseSchema,
      },
      problems: {
        '422':
          'The draft or the case set does not exist, the baseline is not published, or the draft is no longer valid',
        '503': STORAGE,
      },
    },
    'simulations-get': {
      tag: 'policy',
      summary: 'A simulation: status and progress while it runs, then its report',
      path: IdPath,
      success: {
        status: '200',
        description: 'The simulation, with `report` and `reportHtml` once done',
        schema: AnyObject.meta({ description: 'id, status, progress, …; report and reportHtml when done' }),
      },
      problems: { '404': 'Unknown simulation', '503': STORAGE },
    },
    'simulations-report': {
      tag: 'policy',
      summary:
        "A finished simulation's report as a file: report.csv (Excel, WPS), report.json or report.html",
      path: simulationsReport.PathSchema,
      success: {
        status: '200',
        description:
          'The file, with Content-Disposition: attachment and a Chinese file name; the CSV is UTF-8 with a BOM, Chinese column headers (docs/policy.md has the English keys), 是/否 and months as text',
        schema: simulationsReport.ResponseSchema,
        contentTypes: Object.values(simulationsReport.REPORT_FILES),
      },
      problems: {
        '404': 'Unknown simulation, or a file it did not write',
        '409': 'The simulation has not finished',
        '503': STORAGE,
      },
    },
    'policy-page': {
      tag: 'pages',
      summary: 'The policy staff page (HTML)',
      success: { status: '200', description: 'The page', schema: HTML, contentType: 'text/html' },
      problems: {},
    },
    'screenings-create': {
      tag: 'screening',
      summary:
        'Screen uploaded lists (hukou, hardship, pension roll, exclusions) for a month; runs after the answer',
      body: screeningsCreate.RequestSchema.extend({ ruleset: ruleset.optional() }).meta({
        id: 'ScreeningRequest',
      }),
      success: {
        status: '202',
        description: 'Queued: follow `location`',
        schema: screeningsCreate.ResponseSchema,
      },
      problems: {
        '422':
          'A list is neither UTF-8 nor GBK text or its header lacks a column its kind needs, no hukou roster is among the lists (unreadable-list), the ruleset is not published, the month is before its coverage, or the previous screening does not exist or has not finished (unknown-reference)',
        '503': STORAGE,
      },
    },
    'screenings-get': {
      tag: 'screening',
      summary: 'A screening: status and progress while it runs, then its summary per area and class',
      path: IdPath,
      success: { status: '200', description: 'The screening', schema: screeningsGet.ResponseSchema },
      problems: { '404': 'Unknown screening', '503': STORAGE },
    },
    'screenings-results': {
      tag: 'screening',
      summary: 'A finished screening’s results, summary or bad rows as CSV (one township’s results if asked)',
      path: IdPath,
      query: screeningsResults.QuerySchema,
      success: {
        status: '200',
        description: 'CSV (UTF-8 with a byte-order mark, for Excel)',
        schema: screeningsResults.ResponseSchema,
        contentType: 'text/csv',
      },
      problems: {
        '404': 'Unknown screening, or no file for that township',
        '409': 'The screening has not finished',
        '503': STORAGE,
      },
    },
    'screening-page': {
      tag: 'pages',
      summary: 'The coverage screening page (HTML)',
      success: { status: '200', description: 'The page', schema: HTML, contentType: 'text/html' },
      problems: {},
    },
    'caseworker-page': {
      tag: 'pages',
      summary: 'The caseworker form (HTML)',
      success: { status: '200', description: 'The page', schema: HTML, contentType: 'text/html' },
      problems: {},
    },
  };
}
