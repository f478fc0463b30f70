/**
 * A bundled function works on its own: each is built by the code the construct runs when CDK
 * bundles it (infra/bundling.ts `bundleFunction`: esbuild, then the ruleset snapshots, assets and
 * page), into a folder outside the repository where, as in the Lambda
 * runtime, the only packages to be found are the AWS SDK's. A fresh Node process imports the
 * bundle and invokes its handler with an API Gateway event from events/apigw-http/, carrying the
 * authorizer's verdict as API Gateway would. So a function that needed `yaml` to read its rulesets,
 * or a file that is not in its bundle, fails here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes.ts';
import { loadRulesets } from '../../functions/shared/load-rulesets.ts';
import {
  BUNDLE_RULESETS_FOLDER,
  bundleFunction,
  esbuildOptions,
  FUNCTION_ASSETS,
  FUNCTION_PAGES,
  REPO_ROOT,
  routeBundleFiles,
} from '../../infra/bundling.ts';

const root = mkdtempSync(join(tmpdir(), 'pension-bundle-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Bundle {
  readonly dir: string;
  readonly metafile: Metafile;
}

const bundles = new Map<string, Bundle>();

/** Builds a route's function as infra/stacks/service-stack.ts configures it. */
function bundle(name: string): Bundle {
  const route = ROUTES.find((r) => r.name === name);
  if (!route) throw new Error(`no route ${name}`);
  const dir = join(root, name);
  return { dir, metafile: bundleFunction(route.entry, dir, routeBundleFiles(name)) };
}

function eventFor(name: string, variant: string): APIGatewayProxyEventV2 {
  const event = JSON.parse(
    readFileSync(join(REPO_ROOT, 'events/apigw-http', name, `${variant}.json`), 'utf8'),
  ) as APIGatewayProxyEventV2;
  // What the API-key authorizer puts into the context in AWS (docs/infra.md, "Auth").
  (event.requestContext as unknown as Record<string, unknown>).authorizer = {
    lambda: { role: 'caseworker', principalId: 'api-key:bundle-test' },
  };
  return event;
}

/** Imports the bundle in a new Node process with the function's environment and invokes it once. */
function invoke(name: string, event: unknown): APIGatewayProxyStructuredResultV2 {
  const { dir } = bundles.get(name) as Bundle;
  const script = `
    const { handler } = await import(${JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href)});
    const context = {
      functionName: 'pension-${name}', functionVersion: '$LATEST', awsRequestId: 'bundle-test',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:pension-${name}',
      memoryLimitInMB: '512', logGroupName: '/aws/lambda/pension-${name}', logStreamName: 'test',
      callbackWaitsForEmptyEventLoop: false, getRemainingTimeInMillis: () => 10000,
    };
    const result = await handler(${JSON.stringify(event)}, context);
    process.stdout.write('\\n@@RESULT@@' + JSON.stringify(result));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: dir,
    // Only what the construct sets (infra/constructs/api-function.ts), plus a region for the SDK.
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'eu-west-1',
      RULESETS_DIR: join(dir, BUNDLE_RULESETS_FOLDER),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    },
    encoding: 'utf8',
  });
  return JSON.parse(out.slice(out.indexOf('@@RESULT@@') + '@@RESULT@@'.length));
}

const tested = [
  'rulesets-list',
  'ruleset-parameters',
  'caseworker-page',
  'policy-page',
  'screening-page',
  'eligibility',
  'openapi',
];

beforeAll(() => {
  // The Lambda runtime provides the AWS SDK v3 and nothing else (it is external to the bundles).
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(join(REPO_ROOT, 'node_modules/@aws-sdk'), join(root, 'node_modules/@aws-sdk'), 'dir');
  for (const name of tested) bundles.set(name, bundle(name));
}, 120_000);

describe('bundled functions', () => {
  const published = loadRulesets();

  it('carry one JSON snapshot per published ruleset and no YAML, and do not bundle the yaml package', () => {
    for (const name of tested) {
      const { dir, metafile } = bundles.get(name) as Bundle;
      const files = readdirSync(join(dir, BUNDLE_RULESETS_FOLDER)).sort();
      expect(files, name).toEqual(published.list().map((r) => `${r.id}.json`));
      const inputs = Object.keys(metafile.inputs);
      expect(
        inputs.filter((i) => i.includes('node_modules/yaml/')),
        name,
      ).toEqual([]);
    }
  });

  it('routes that touch no table load no AWS SDK client at cold start (no idempotency middleware)', () => {
    for (const name of ['rulesets-list', 'ruleset-parameters', 'caseworker-page', 'openapi']) {
      const { metafile } = bundles.get(name) as Bundle;
      const sdk = Object.values(metafile.outputs).flatMap((o) =>
        o.imports.filter((i) => i.path.startsWith('@aws-sdk/')).map((i) => i.path),
      );
      expect(sdk, name).toEqual([]);
      expect(Object.keys(metafile.inputs).filter((i) => i.includes('functions/shared/aws-sdk/'))).toEqual([]);
    }
    const eligibility = (bundles.get('eligibility') as Bundle).metafile;
    // Every SDK import, Powertools' included, goes through a require() shim, never an ES import.
    expect(
      Object.values(eligibility.outputs).flatMap((o) =>
        o.imports.filter((i) => i.path.startsWith('@aws-sdk/')),
      ),
    ).toEqual([]);
    expect(
      Object.keys(eligibility.inputs)
        .filter((i) => i.includes('functions/shared/aws-sdk/'))
        .sort(),
    ).toEqual(['functions/shared/aws-sdk/client-dynamodb.cjs', 'functions/shared/aws-sdk/util-dynamodb.cjs']);
    expect(
      Object.keys(eligibility.inputs).some((i) => i.includes('@aws-lambda-powertools/idempotency')),
    ).toBe(true);
  });

  it('GET /v1/rulesets answers from the snapshots with the hashes of the published YAML', () => {
    const result = invoke('rulesets-list', eventFor('rulesets-list', 'good'));
    expect(result.statusCode).toBe(200);
    const body = JSON.parse(result.body ?? '') as {
      rulesets: { id: string; hash: string }[];
      latest: string;
    };
    expect(body.latest).toBe(published.latest.id);
    expect(body.rulesets.map((r) => [r.id, r.hash])).toEqual(published.list().map((r) => [r.id, r.hash]));
  });

  it('GET /v1/rulesets/{id}/parameters answers, and a bad query is still a 400', () => {
    const good = invoke('ruleset-parameters', eventFor('ruleset-parameters', 'good'));
    expect(good.statusCode).toBe(200);
    const body = JSON.parse(good.body ?? '') as { parameters: unknown[] };
    expect(body.parameters.length).toBeGreaterThan(5);
    expect(invoke('ruleset-parameters', eventFor('ruleset-parameters', 'bad-date')).statusCode).toBe(400);
  });

  it('GET /openapi.json answers, naming the published rulesets read from the snapshots', () => {
    const result = invoke('openapi', eventFor('openapi', 'good'));
    expect(result.statusCode).toBe(200);
    const body = JSON.parse(result.body ?? '') as {
      components: { schemas: { Case: { properties: { ruleset: { enum: string[] } } } } };
    };
    expect(body.components.schemas.Case.properties.ruleset.enum).toEqual(published.list().map((r) => r.id));
  });

  it.each(['policy-page', 'screening-page'])(
    '%s inlines the script and style built into its bundle',
    (name) => {
      const { dir } = bundles.get(name) as Bundle;
      const result = invoke(name, eventFor('rulesets-list', 'good'));
      expect(result.statusCode).toBe(200);
      expect(result.body).toContain(readFileSync(join(dir, 'assets/page.js'), 'utf8').slice(0, 200));
      expect(result.body).toContain(readFileSync(join(dir, 'assets/page.css'), 'utf8').slice(0, 200));
    },
  );

  it('GET / finds its assets in the bundle and the areas in the snapshot', () => {
    const { dir } = bundles.get('caseworker-page') as Bundle;
    for (const file of readdirSync(join(REPO_ROOT, FUNCTION_ASSETS['caseworker-page'] as string))) {
      expect(existsSync(join(dir, 'assets', file)), file).toBe(true);
    }
    const result = invoke('caseworker-page', eventFor('rulesets-list', 'good'));
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain(readFileSync(join(dir, 'assets/page.js'), 'utf8').slice(0, 200));
    const area = published.latest.coveredAreas()[0];
    expect(result.body).toContain(area?.code);
  });

  it('POST /v1/eligibility loads and refuses a malformed case with a 400 before touching any AWS service', () => {
    const event = eventFor('eligibility', 'good');
    event.body = JSON.stringify({ person: 'not a person' });
    event.isBase64Encoded = false;
    const result = invoke('eligibility', event);
    expect(result.statusCode).toBe(400);
    expect(result.body).toContain('person');
  });
});

describe('the policy routes', () => {
  const SIZE_BUDGET = 300 * 1024;

  it('bundle yaml only where a draft arrives as YAML text, S3 only where a blob is kept, and stay under 300 KB', async () => {
    const policy = ROUTES.filter((r) => r.roles.length === 1 && r.roles[0] === 'policy');
    expect(policy.length).toBeGreaterThan(0);
    for (const route of policy) {
      const outfile = join(root, 'policy', route.name, 'index.mjs');
      const result = await build({ ...esbuildOptions(join(REPO_ROOT, route.entry), outfile), write: false });
      const inputs = Object.keys((result.metafile as Metafile).inputs);
      // POST /v1/drafts accepts `yaml`; it stores the parsed object, which the others read as it is.
      expect(
        inputs.some((i) => i.includes('node_modules/yaml/')),
        route.name,
      ).toBe(route.name === 'drafts-create');
      // Only the routes that keep or read a blob (a case set's lines, a report) load the S3 client.
      expect(
        inputs.some((i) => i.endsWith('functions/shared/aws-sdk/client-s3.cjs')),
        route.name,
      ).toBe(
        ['case-sets-create', 'simulations-create', 'simulations-get', 'simulations-report'].includes(
          route.name,
        ),
      );
      const bytes = result.outputFiles?.find((f) => f.path === outfile)?.contents.length;
      expect(bytes, route.name).toBeLessThan(SIZE_BUDGET);
    }
  }, 60_000);
});

describe('the replay functions', () => {
  it('take a draft as JSON in the execution input, so they bundle no YAML parser', async () => {
    for (const entry of ['functions/replay-batch/handler.ts', 'functions/replay-batch/summarise.ts']) {
      const outfile = join(root, 'replay', entry.replace(/\W/g, '-'), 'index.mjs');
      const result = await build({ ...esbuildOptions(join(REPO_ROOT, entry), outfile), write: false });
      const inputs = Object.keys((result.metafile as Metafile).inputs);
      expect(
        inputs.filter((i) => i.includes('node_modules/yaml/')),
        entry,
      ).toEqual([]);
    }
  }, 60_000);
});

describe('functions that read files at run time', () => {
  it('have their folder listed in FUNCTION_ASSETS or their page in FUNCTION_PAGES, and every listed folder exists', () => {
    for (const route of ROUTES) {
      const source = readFileSync(join(REPO_ROOT, route.entry), 'utf8');
      const readsAssets = /new URL\(\s*['"]\.\/assets\//.test(source);
      const listed = FUNCTION_ASSETS[route.name] !== undefined || FUNCTION_PAGES[route.name] !== undefined;
      expect(listed, route.name).toBe(readsAssets);
    }
    for (const folder of Object.values(FUNCTION_ASSETS)) {
      expect(readdirSync(join(REPO_ROOT, folder)).length, folder).toBeGreaterThan(0);
    }
  });
});
