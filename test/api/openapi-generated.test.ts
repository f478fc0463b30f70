/**
 * /openapi.json checked by an independent generator: for every POST route (each takes JSON),
 * json-schema-faker generates request bodies from the served document (deterministic seeds), Ajv
 * confirms each is valid by that document, and the real handler answers it with the token of a role
 * the route allows. A body valid by the document must never be refused as malformed (400), nor
 * break the service (5xx), and every answer must be a status the document lists for the route.
 *
 * Two sets per route:
 * - as generated: what a client reading only the document may send. JSON Schema cannot relate two
 *   fields, so most cases are impossible (a hukou before the birth) or uncovered (a random area
 *   code): 422, counted by problem type; a simulation names a draft and a case set nobody stored
 *   (the document cannot list server-issued ids): 422 unknown-reference.
 * - made sensible: the same generator on a narrowed copy of the document (covered areas, plausible
 *   years) with each case's values put in a possible order (generated-bodies.ts), and references to
 *   a stored draft and case set: these must nearly all succeed, 422 bounded.
 * GENERATED_BODIES sets the number per route and set: 100 in `npm test`, 300 in `npm run fuzz`.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { EXAMPLE_DRAFT } from '../../functions/policy-page/handler.ts';
import { ROUTES, type Route } from '../../functions/routes.ts';
import { running as screenings } from '../../functions/screenings-create/handler.ts';
import { getRegistry } from '../../functions/shared/registry.ts';
import { running } from '../../functions/simulations-create/handler.ts';
import {
  generateBodies,
  jsonBodySchemas,
  makeSensible,
  type OpenApi,
  type Schema,
  sensibleCaseSchema,
  Tally,
  validatorFor,
} from './generated-bodies.ts';
import { installLogScan, invoke, routeEvent, useTestStore } from './support.ts';

installLogScan();
useTestStore(() => Promise.all([...running, ...screenings]));

const COUNT = Number(process.env.GENERATED_BODIES ?? 100);
/** Each route's bodies from their own seeds: SEED + its index in the route table × 1 000 000 + n. */
const SEED = 20_261_129;
const CALCULATIONS = new Set(['eligibility', 'entitlement', 'arrears']);
/** Problems of sense a schema cannot rule out: the only 422s a calculation may answer a valid body. */
const CASE_PROBLEMS = ['impossible-case', 'not-covered', 'missing-fact'];

let document: OpenApi;
let schemas: Map<string, Schema>;
/** A stored draft and case set, for simulations that refer to something. */
const stored = { draftId: '', caseSetId: '' };

beforeAll(async () => {
  document = (await invoke('openapi', routeEvent('openapi'))).body as OpenApi;
  schemas = jsonBodySchemas(document);
  const draft = await invoke(
    'drafts-create',
    routeEvent('drafts-create', { role: 'policy', body: { yaml: EXAMPLE_DRAFT } }),
  );
  const caseSet = await invoke(
    'case-sets-create',
    routeEvent('case-sets-create', {
      role: 'policy',
      body: {
        name: 'one case',
        format: 'jsonl',
        content: `${JSON.stringify({ person: { birthDate: '1950-03-10', hukou: [{ area: '620102', from: '1950-03-10' }] }, month: '2026-06' })}\n`,
      },
    }),
  );
  stored.draftId = (draft.body as { id: string }).id;
  stored.caseSetId = (caseSet.body as { id: string }).id;
});

const POSTS = ROUTES.filter((r) => r.method === 'POST');

/** Routes whose generated bodies need what the document cannot give to get past the checks of sense. */
const NEEDS_SENSE = new Set([...CALCULATIONS, 'drafts-create', 'simulations-create']);

/**
 * Each accepted simulation replays its case set in this process after the answer (a second or so
 * of CPU each, both rulesets read from disk): 6 of those in `npm test`, 20 in `npm run fuzz`; the
 * other routes get the full count.
 */
const SIMULATIONS = Number(process.env.GENERATED_SIMULATIONS ?? 6);
const sensibleCount = (name: string) =>
  name === 'simulations-create' ? Math.min(COUNT, SIMULATIONS) : COUNT;

/** Sends each body to the route's handler with a token of a role it allows; the tally of answers. */
async function send(route: Route, bodies: readonly unknown[], published: Schema) {
  const validate = validatorFor(published);
  const invalid = bodies.map(validate).filter((errors) => errors.length > 0);
  expect(invalid.slice(0, 3), 'bodies the generator made that the document refuses').toEqual([]);
  const tally = new Tally();
  const refused: unknown[] = [];
  const documented = new Set(Object.keys(operationOf(route).responses));
  const undocumented: number[] = [];
  for (const body of bodies) {
    const role = route.roles[0];
    const answer = await invoke(route.name, routeEvent(route.name, { ...(role ? { role } : {}), body }));
    tally.add(answer.status, answer.body);
    // A run in this process holds a case set and a report: one at a time, as a policy officer runs them
    // (more at once are refused with 429 by design; test/policy/api.test.ts tests that).
    await Promise.all([...running, ...screenings]);
    if (answer.status === 400) refused.push({ body, errors: (answer.body as { errors?: unknown }).errors });
    if (!documented.has(String(answer.status))) undocumented.push(answer.status);
  }
  expect(refused.slice(0, 3), 'bodies valid by the document but refused as malformed').toEqual([]);
  expect(undocumented).toEqual([]);
  for (const [status] of tally.byStatus) expect(status).toBeLessThan(500);
  return tally;
}

function operationOf(route: Route) {
  const operation = document.paths[route.path]?.[route.method.toLowerCase()];
  if (!operation) throw new Error(`no operation for ${route.name}`);
  return operation;
}

function schemaOf(route: Route): Schema {
  const schema = schemas.get(route.name);
  if (!schema) throw new Error(`/openapi.json has no JSON body for POST ${route.path}`);
  return schema;
}

describe.each(POSTS.map((r, i) => [r.name, r, SEED + i * 1_000_000] as const))('%s', (name, route, seed) => {
  it(`${COUNT} bodies as generated from /openapi.json: no 400, no 5xx, only documented statuses`, {
    timeout: 300_000,
  }, async ({ annotate }) => {
    const schema = schemaOf(route);
    const tally = await send(route, await generateBodies(schema, COUNT, seed), schema);
    await annotate(`as generated: ${tally}`);
    if (CALCULATIONS.has(name)) {
      // The ruleset is an enum of the published ones: no 404 for an unknown ruleset.
      expect(tally.count(404)).toBe(0);
      const problems = [...tally.byProblem.keys()].filter((p) => p.startsWith('422 '));
      expect(problems.filter((p) => !CASE_PROBLEMS.includes(p.slice(4)))).toEqual([]);
    }
    if (name === 'case-sets-create') expect(tally.count(201)).toBe(COUNT);
    if (name === 'simulations-create') expect(tally.byProblem.get('422 unknown-reference')).toBe(COUNT);
  });

  // Case sets need nothing the document cannot say: the bodies as generated are all stored.
  if (!NEEDS_SENSE.has(name)) return;
  it(`${sensibleCount(name)} bodies made sensible: nearly all succeed`, { timeout: 300_000 }, async ({
    annotate,
  }) => {
    const schema = schemaOf(route);
    const count = sensibleCount(name);
    const success = Number(Object.keys(operationOf(route).responses).find((s) => s.startsWith('2')));
    let bodies: unknown[];
    if (CALCULATIONS.has(name)) {
      const covered = getRegistry()
        .latest.coveredAreas()
        .map((a) => a.code);
      bodies = (await generateBodies(sensibleCaseSchema(schema, covered), count, seed)).map(makeSensible);
    } else {
      bodies = (await generateBodies(schema, count, seed)).map((body) => sensibleReference(name, body));
    }
    const tally = await send(route, bodies, schema);
    await annotate(`made sensible: ${tally}`);
    expect(tally.count(success)).toBeGreaterThanOrEqual(Math.ceil(count * 0.9));
    expect(tally.count(422)).toBeLessThanOrEqual(Math.floor(count * 0.1));
  });
});

const EXAMPLE_DRAFT_OBJECT = parseYaml(EXAMPLE_DRAFT) as Record<string, unknown>;

/** A policy body with what the document cannot know: a valid draft, the ids of stored things. */
function sensibleReference(name: string, generated: unknown): unknown {
  const body = { ...(generated as Record<string, unknown>) };
  if (name === 'drafts-create') {
    if ('yaml' in body) body.yaml = EXAMPLE_DRAFT;
    else body.draft = EXAMPLE_DRAFT_OBJECT;
  }
  if (name === 'simulations-create') Object.assign(body, stored);
  return body;
}
