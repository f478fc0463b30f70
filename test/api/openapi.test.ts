/**
 * GET /openapi.json against the code it describes: every route of functions/routes.ts and no other,
 * each with its access, its statuses (every status a committed event gets is documented for its
 * route), its problem documents and headers, the Idempotency-Key header exactly where a route
 * honours it, an unknown field named by its own path on every route with a body, and the published
 * CSV header pattern held to the parser it stands for.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, CSV_CONTENT_PATTERN, parseCsvHeader } from '../../functions/policy/case-set-csv.ts';
import { EXAMPLE_DRAFT } from '../../functions/policy-page/handler.ts';
import { ROLES, ROUTES } from '../../functions/routes.ts';
import { running as screenings } from '../../functions/screenings-create/handler.ts';
import { running } from '../../functions/simulations-create/handler.ts';
import { eventVariants, installLogScan, invoke, loadEvent, routeEvent, useTestStore } from './support.ts';

installLogScan();
useTestStore(() => Promise.all([...running, ...screenings]));

interface Response {
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: { $ref?: string } }>;
}
interface Operation {
  operationId: string;
  security?: Record<string, unknown>[];
  parameters?: { in: string; name: string; schema?: { pattern?: string } }[];
  requestBody?: unknown;
  responses: Record<string, Response>;
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

const documentOf = async () => (await invoke('openapi', loadEvent('openapi', 'good'))).body as Document;
const operationOf = (document: Document, name: string) => {
  const route = ROUTES.find((r) => r.name === name);
  const operation = route && document.paths[route.path]?.[route.method.toLowerCase()];
  if (!operation) throw new Error(`/openapi.json has no operation for ${name}`);
  return operation;
};

/** A body each POST route accepts as far as its schema goes (a POST route without one fails below). */
const VALID_BODIES: Readonly<Record<string, () => unknown>> = {
  eligibility: () => JSON.parse(loadEvent('eligibility', 'good').body as string),
  entitlement: () => JSON.parse(loadEvent('entitlement', 'good').body as string),
  arrears: () => JSON.parse(loadEvent('arrears', 'good').body as string),
  'drafts-create': () => ({ name: 'a test draft', yaml: EXAMPLE_DRAFT }),
  'case-sets-create': () => ({ name: 'cases.csv', format: 'csv', content: 'birthDate,area,month\n' }),
  'simulations-create': () => ({ draftId: randomUUID(), caseSetId: randomUUID() }),
  'screenings-create': () => ({
    month: '2026-06',
    lists: [{ list: 'hukou', name: 'hukou.csv', content: Buffer.from('idNumber,area\n').toString('base64') }],
  }),
};
const POSTS = ROUTES.filter((r) => r.method === 'POST');

describe('GET /openapi.json', () => {
  it('is OpenAPI 3.1 with exactly the routes of functions/routes.ts, each under its own name', async () => {
    const document = await documentOf();
    expect(document.openapi).toBe('3.1.0');
    const listed = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );
    expect(listed.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path} ${r.name}`).sort());
  });

  it.each(ROUTES.map((r) => [r.name, r] as const))('%s: access and statuses', async (name, route) => {
    const operation = operationOf(await documentOf(), name);
    const statuses = Object.keys(operation.responses);
    if (route.roles.length === 0) {
      expect(operation.security).toEqual([]);
      expect(statuses).not.toContain('401');
    } else {
      expect(operation.security).toEqual([{ bearer: [] }]);
      expect(operation.responses['401']?.headers).toHaveProperty('WWW-Authenticate');
      expect(statuses.includes('403')).toBe(ROLES.some((role) => !route.roles.includes(role)));
    }
    expect(statuses.filter((s) => s.startsWith('2'))).toHaveLength(1);
    expect(statuses).toEqual(expect.arrayContaining(['429', '500']));
    expect(statuses.includes('415')).toBe(operation.requestBody !== undefined);
    expect(statuses.includes('413')).toBe(operation.requestBody !== undefined);
    if (operation.requestBody || operation.parameters?.length) expect(statuses).toContain('400');
    if (statuses.includes('503')) expect(operation.responses['503']?.headers).toHaveProperty('Retry-After');
    for (const status of statuses.filter((s) => s >= '400' && s !== '429')) {
      expect(operation.responses[status]?.content?.['application/problem+json']?.schema?.$ref, status).toBe(
        '#/components/schemas/Problem',
      );
    }
  });

  describe.each(ROUTES.filter((r) => eventVariants(r.name).length > 0).map((r) => r.name))(
    'every committed event of %s gets a documented status',
    (name) => {
      it.each(eventVariants(name))('%s', async (variant) => {
        const documented = Object.keys(operationOf(await documentOf(), name).responses);
        const answer = await invoke(name, loadEvent(name, variant));
        expect(documented).toContain(String(answer.status));
      });
    },
  );

  it.each(POSTS.map((r) => r.name))(
    '%s: documents the Idempotency-Key header (with its pattern) exactly if it honours it',
    async (name) => {
      const body = VALID_BODIES[name];
      expect(body, `add a valid body for ${name} to VALID_BODIES`).toBeDefined();
      const header = operationOf(await documentOf(), name).parameters?.find(
        (p) => p.in === 'header' && p.name === 'Idempotency-Key',
      );
      const bad = await invoke(
        name,
        routeEvent(name, {
          role: 'policy',
          body: body?.(),
          headers: { 'idempotency-key': 'a key with spaces' },
        }),
      );
      const named = (bad.body as { errors?: { path: string }[] }).errors?.some(
        (e) => e.path === 'Idempotency-Key',
      );
      expect(Boolean(named)).toBe(header !== undefined);
      if (header) {
        const pattern = new RegExp(header.schema?.pattern as string);
        expect(['a key with spaces', '', 'x'.repeat(201), 'é'].some((k) => pattern.test(k))).toBe(false);
        expect(pattern.test('retry-2026-11-29T03:00Z#1')).toBe(true);
      }
    },
  );
});

describe('an unknown field is named by its own path (errors[].path)', () => {
  it.each(POSTS.map((r) => r.name))('%s: at the top of the body', async (name) => {
    const body = { ...(VALID_BODIES[name]?.() as object), unexpectedField: 1 };
    const answer = await invoke(name, routeEvent(name, { role: 'policy', body }));
    expect(answer.status).toBe(400);
    expect((answer.body as { errors: { path: string; message: string }[] }).errors).toEqual([
      {
        path: 'unexpectedField',
        message: expect.stringMatching(/^is not a field the contract defines \(allowed: /),
      },
    ]);
  });

  it('a query parameter not listed, as query.<name>', async () => {
    const answer = await invoke('ruleset-parameters', loadEvent('ruleset-parameters', 'bad-extra-query'));
    expect(answer.status).toBe(400);
    const errors = (answer.body as { errors: { path: string }[] }).errors;
    expect(errors.map((e) => e.path)).toEqual(['query.debug']);
  });

  it('inside the case, two of them, each at its own path', async () => {
    const body = VALID_BODIES.entitlement?.() as { person: Record<string, unknown> };
    body.person.nickname = 'x';
    (body.person.hukou as Record<string, unknown>[])[0] = {
      ...(body.person.hukou as Record<string, unknown>[])[0],
      note: 'y',
    };
    const answer = await invoke('entitlement', routeEvent('entitlement', { role: 'caseworker', body }));
    const paths = (answer.body as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths.sort()).toEqual(['person.hukou[0].note', 'person.nickname']);
  });
});

describe('the published CSV content pattern (POST /v1/case-sets)', () => {
  const pattern = new RegExp(CSV_CONTENT_PATTERN);
  /** What the handler reads as the header row: the first line, after a byte-order mark. */
  const headerAccepted = (content: string) => {
    const text = content.replace(/^\uFEFF/, '');
    return !('message' in parseCsvHeader(text.slice(0, text.search(/\r?\n|$/))));
  };
  const name = fc.oneof(
    fc.constantFrom(...CSV_COLUMNS),
    fc.constantFrom('birthDate', 'area', 'month'),
    fc.constantFrom('', 'x', 'Area', 'birth date', 'month2', 'hukou'),
  );
  const field = fc.tuple(fc.constantFrom('', ' ', '\t', '  '), name, fc.constantFrom('', ' ', '\t'));
  const header = fc
    .tuple(
      fc.boolean(),
      fc.array(field, { minLength: 1, maxLength: 8 }),
      fc.constantFrom('', '\n', '\r\n', '\nbirthDate,x\n1,2'),
    )
    .map(([bom, fields, rest]) => `${bom ? '\uFEFF' : ''}${fields.map((f) => f.join('')).join(',')}${rest}`);

  it('accepts exactly the unquoted headers the parser accepts', () => {
    fc.assert(
      fc.property(header, (content) => pattern.test(content) === headerAccepted(content)),
      { numRuns: 5000, seed: 12 },
    );
  });

  it('never accepts what the parser refuses (quoted names included)', () => {
    const quoted = fc
      .array(fc.tuple(fc.boolean(), name), { minLength: 1, maxLength: 6 })
      .map((fields) => fields.map(([q, n]) => (q ? `"${n}"` : n)).join(','));
    fc.assert(
      fc.property(quoted, (content) => !pattern.test(content) || headerAccepted(content)),
      { numRuns: 3000, seed: 13 },
    );
  });
});
