/**
 * Every committed event of events/apigw-http, through its route's handler module, against a real
 * (in-memory) dynalite: the status the contract gives it, problem+json on errors with field paths,
 * and nothing internal in any answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type Role } from '../../functions/routes.ts';
import {
  captureOutput,
  eventVariants,
  ID_NUMBER_PATTERN,
  invoke,
  loadEvent,
  startTestStore,
  stopTestStore,
  type TestStore,
  withBody,
  withToken,
} from './support.ts';

const CALCULATIONS = ['eligibility', 'entitlement', 'arrears'] as const;

/** The status each event must get; a new event without an entry here fails the suite. */
const EXPECTED: Record<string, number> = {
  good: 200,
  'good-system': 200,
  'good-base64': 200,
  'good-minimal': 200,
  'bad-schema': 400,
  'bad-money-number': 400,
  'bad-content-type': 415,
  'bad-json': 400,
  'bad-empty-body': 400,
  'bad-check-digit': 422,
  'bad-death-before-birth': 422,
  'unknown-ruleset': 404,
  'uncovered-month': 422,
  'no-token': 401,
  'bad-token': 401,
  'bad-missing-query': 400,
  'bad-date': 400,
  'bad-extra-query': 400,
  'uncovered-area': 422,
  'missing-class': 422,
  'uncovered-date': 422,
  unknown: 404,
};

let store: TestStore | undefined;
const output = captureOutput();

beforeAll(async () => {
  store = await startTestStore();
});
afterAll(async () => {
  output.stop();
  await stopTestStore(store);
});

const routes = [
  'eligibility',
  'entitlement',
  'arrears',
  'rulesets-list',
  'ruleset-parameters',
  'calculation-get',
  'openapi',
];

describe.each(routes)('%s events', (route) => {
  const variants = eventVariants(route).filter((v) => !(route === 'calculation-get' && v === 'good'));
  it('has a good event and at least one bad one (except public or list routes)', () => {
    expect(eventVariants(route)).toContain('good');
  });
  it.each(variants)('%s', async (variant) => {
    const expected = EXPECTED[variant];
    expect(expected, `no expected status for ${route}/${variant}`).toBeDefined();
    const answer = await invoke(route, loadEvent(route, variant));
    expect(answer.status).toBe(expected);
    expect(answer.text).not.toMatch(ID_NUMBER_PATTERN);
    if (answer.status >= 400) {
      expect(answer.headers['content-type']).toBe('application/problem+json');
      const problem = answer.body as { type: string; title: string; status: number; detail: string };
      expect(problem).toMatchObject({ status: expected, type: expect.stringMatching(/^https:/) });
      expect(problem.title).toBeTruthy();
    } else {
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
    }
    if (answer.status === 401) expect(answer.headers['www-authenticate']).toBe('Bearer');
  });
});

describe('answers', () => {
  it('a schema violation names every field at fault with its contract path', async () => {
    const answer = await invoke('entitlement', loadEvent('entitlement', 'bad-schema'));
    const paths = (answer.body as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toContain('person.birthDate');
    // The unknown field is named by its path, as every problem is; the message lists the allowed ones.
    expect((answer.body as { errors: { path: string; message: string }[] }).errors).toContainEqual({
      path: 'person.nickname',
      message: expect.stringMatching(
        /^is not a field the contract defines \(allowed: idNumber, birthDate, deathDate, hukou, /,
      ),
    });
  });

  it('a 400 never quotes what was sent: an ID number as a field name or a value is named by its path', async () => {
    const id = '620502194001101238';
    const event = loadEvent('entitlement', 'good');
    const body = JSON.parse(event.body as string);
    body[id] = 'x';
    body.person.statuses[0].kind = id;
    body.month = id;
    const answer = await invoke('entitlement', withBody(event, body));
    expect(answer.status).toBe(400);
    expect(answer.text).not.toContain(id.slice(0, 15));
    const errors = (answer.body as { errors: { path: string; message: string }[] }).errors;
    // An ID number used as a field name is masked in the path that names it.
    expect(errors.map((e) => e.path).sort()).toEqual(['[redacted]', 'month', 'person.statuses[0].kind']);
    expect(errors.find((e) => e.path === '[redacted]')?.message).toBe(
      'is not a field the contract defines (allowed: person, payments, month, ruleset)',
    );
  });

  it('a body over 4 KiB is parsed only for a caller allowed on the route: 401/403 first, then 400', async () => {
    const big = (role: Role | undefined) =>
      withToken(withBody(loadEvent('entitlement', 'good'), { padding: 'x'.repeat(5_000) }), role);
    const anonymous = await invoke('entitlement', big(undefined));
    expect(anonymous.status).toBe(401);
    const allowed = await invoke('entitlement', big('caseworker'));
    expect(allowed.status).toBe(400);
    const drafts = await invoke(
      'drafts-create',
      withToken(withBody(loadEvent('entitlement', 'good'), { yaml: 'x'.repeat(5_000) }), 'caseworker'),
    );
    expect(drafts.status).toBe(403);
    // A small broken body still gets its 400 before authentication, as the contract orders them.
    const small = await invoke('entitlement', withToken(loadEvent('entitlement', 'bad-schema'), undefined));
    expect(small.status).toBe(400);
  });

  it('money as a JSON number is refused at its path', async () => {
    const answer = await invoke('arrears', loadEvent('arrears', 'bad-money-number'));
    expect((answer.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      'payments[0].monthly',
    ]);
  });

  it('a wrong check digit is a 422 on person.idNumber, without echoing the number', async () => {
    const answer = await invoke('eligibility', loadEvent('eligibility', 'bad-check-digit'));
    expect(answer.body).toMatchObject({ status: 422, errors: [{ path: 'person.idNumber' }] });
    expect(answer.text).not.toContain('620502194001101239');
  });

  it.each(CALCULATIONS)('%s: the answer carries a receipt and no ID number, and is stored', async (kind) => {
    const answer = await invoke(kind, loadEvent(kind, 'good'));
    const receipt = (answer.body as { receipt: Record<string, string> }).receipt;
    expect(receipt).toMatchObject({ ruleset: '2026.1', rulesetHash: expect.stringMatching(/^sha256:/) });
    const get = loadEvent('calculation-get', 'good');
    get.pathParameters = { calculationId: receipt.calculationId as string };
    get.rawPath = `/v1/calculations/${receipt.calculationId}`;
    const stored = await invoke('calculation-get', get);
    expect(stored.status).toBe(200);
    const record = stored.body as Record<string, unknown> & { input: { person: Record<string, unknown> } };
    expect(record).toMatchObject({ kind, calculationId: receipt.calculationId, receipt, role: 'caseworker' });
    expect(record.input.person.idNumber).toBeUndefined();
    expect(record.input.person.idNumberHmac).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    const { receipt: _r, ...result } = answer.body as Record<string, unknown>;
    expect(record.result).toEqual(result);
  });

  it('entitlement: the four components in contract order, total their sum', async () => {
    const body = (await invoke('entitlement', loadEvent('entitlement', 'good-minimal'))).body as {
      components: { code: string; amount: string }[];
      total: string;
    };
    expect(body.components.map((c) => c.code)).toEqual([
      'basic-pension',
      'old-age-supplement',
      'long-contribution-bonus',
      'account-pension',
    ]);
    const fen = body.components.reduce((sum, c) => sum + Math.round(Number(c.amount) * 100), 0);
    expect(Math.round(Number(body.total) * 100)).toBe(fen);
  });

  it('the rulesets list and the parameters of one area', async () => {
    const list = (await invoke('rulesets-list', loadEvent('rulesets-list', 'good'))).body as {
      rulesets: { id: string; hash: string; publishedAt: string }[];
    };
    expect(list.rulesets[0]).toMatchObject({
      id: '2026.1',
      hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    const params = (await invoke('ruleset-parameters', loadEvent('ruleset-parameters', 'good'))).body as {
      parameters: { id: string; value: string; source: string; provisional: boolean }[];
    };
    expect(params.parameters.length).toBeGreaterThan(5);
    for (const p of params.parameters) expect(p.source).toBeTruthy();
  });

  it('GET /openapi.json is an OpenAPI 3.1 document with every route of functions/routes.ts', async () => {
    const doc = (await invoke('openapi', loadEvent('openapi', 'good'))).body as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const listed = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // The whole table, both ways: a route missing from the document, or one it invents, fails.
    expect(listed.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('logs one structured line per request with its request id, and never an ID number or token', () => {
    const requests = output.lines.filter((l) => l.includes('"message":"request"'));
    expect(requests.length).toBeGreaterThan(20);
    for (const line of requests) expect(JSON.parse(line).requestId).toMatch(/^test-\d+$/);
    for (const line of output.lines) {
      expect(line).not.toMatch(ID_NUMBER_PATTERN);
      expect(line).not.toContain('test-key');
    }
  });
});
