/**
 * The service stack's security-relevant properties, pinned: runtime, architecture, tracing, logs,
 * concurrency, throttles, authorizers on every protected route, public routes public, the audit
 * table's protection and its append-only IAM, the idempotency TTL, the pseudonym key's reach.
 */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { API_KEYS_TABLE } from '../../functions/authorizer/api-keys.ts';
import { ROUTES } from '../../functions/routes.ts';
import {
  AUDIT_TABLE,
  IDEMPOTENCY_TABLE,
  localTableName,
  TABLES,
  tableEnvVar,
  tableName,
} from '../../functions/store/tables.ts';
import { MUTATING_ACTIONS } from '../../infra/constructs/grants.ts';
import { ROUTE_ACCESS } from '../../infra/data-access.ts';
import {
  DEFAULT_STAFF_THROTTLE,
  DEFAULT_SYSTEM_THROTTLE,
  reservedConcurrencyFor,
} from '../../infra/stacks/service-stack.ts';
import { actionsOf, buildApp, logicalIdOf, mentions, resourcesOf, statementsOf } from './support.ts';

const built = buildApp();
afterAll(() => built.cleanup());
const { service, serviceTemplate: template } = built;

const functions = resourcesOf(template, 'AWS::Lambda::Function');
const tableId = (id: string) => logicalIdOf(service, service.data.table(id));

describe('Lambda functions', () => {
  it('exist once per route, plus the API-key authorizer, the Cognito trigger and the simulations and screenings runners', () => {
    expect(Object.keys(functions)).toHaveLength(ROUTES.length + 4);
  });

  it.each(Object.entries(functions))(
    '%s: Node.js 24 on arm64, traced, logged, concurrency-capped',
    (_, fn) => {
      const p = fn.Properties as Record<string, unknown>;
      expect(p.Runtime).toBe('nodejs24.x');
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.TracingConfig).toEqual({ Mode: 'Active' });
      expect(p.ReservedConcurrentExecutions).toBeGreaterThan(0);
      expect(p.LoggingConfig).toEqual({ LogGroup: { Ref: expect.any(String) } });
      expect((p.Environment as { Variables: Record<string, string> }).Variables.NODE_OPTIONS).toBe(
        '--enable-source-maps',
      );
      // Within API Gateway's 30 s, except the runners, which no request waits for.
      const runners = [service.simulationsRunner, service.screeningsRunner].map((r) =>
        logicalIdOf(service, r.function as never),
      );
      expect(p.Timeout).toBeLessThanOrEqual(runners.includes(_) ? 900 : 30);
    },
  );

  it('the Policy table streams its new items to the two runners', () => {
    const policy = resourcesOf(template, 'AWS::DynamoDB::Table')[tableId('Policy')]?.Properties as Record<
      string,
      unknown
    >;
    expect(policy.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    expect(Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping'))).toHaveLength(2);
  });

  it.each([
    ['simulation', service.simulationsRunner, 'simulations-create', 'SIMULATIONS_RUN_BY'],
    ['screening', service.screeningsRunner, 'screenings-create', 'SCREENINGS_RUN_BY'],
  ] as const)(
    'a %s is queued by its request and run by the function the Policy stream starts',
    (kind, runnerFunction, route, variable) => {
      const runner = logicalIdOf(service, runnerFunction.function as never);
      const create = logicalIdOf(service, service.functions.get(route)?.function as never);
      const createProps = functions[create]?.Properties as {
        Environment: { Variables: Record<string, string> };
      };
      expect(createProps.Environment.Variables[variable]).toBe('stream');
      const mapping = Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping')).find(
        (m) => JSON.stringify(m.Properties?.FunctionName) === JSON.stringify({ Ref: runner }),
      )?.Properties as Record<string, unknown>;
      expect(mapping.FunctionName).toEqual({ Ref: runner });
      expect(mapping.EventSourceArn).toEqual({ 'Fn::GetAtt': [tableId('Policy'), 'StreamArn'] });
      expect(mapping.BatchSize).toBe(1);
      expect(
        JSON.parse((mapping.FilterCriteria as { Filters: { Pattern: string }[] }).Filters[0]?.Pattern ?? ''),
      ).toEqual({
        eventName: ['INSERT'],
        dynamodb: { NewImage: { kind: { S: [kind] } } },
      });
      expect(functions[runner]?.Properties).toMatchObject({ Timeout: 900 });
    },
  );

  it('each route function has the reserved concurrency of its kind and the bundled rulesets', () => {
    for (const route of ROUTES) {
      const id = logicalIdOf(service, service.functions.get(route.name)?.function as never);
      const p = functions[id]?.Properties as Record<string, unknown>;
      expect(p.ReservedConcurrentExecutions, route.name).toBe(reservedConcurrencyFor(route));
      expect((p.Environment as { Variables: Record<string, string> }).Variables.RULESETS_DIR).toBe(
        '/var/task/rulesets',
      );
    }
  });

  it('every log group has a retention', () => {
    const groups = Object.values(resourcesOf(template, 'AWS::Logs::LogGroup'));
    expect(groups.length).toBeGreaterThanOrEqual(Object.keys(functions).length + 2);
    for (const g of groups) expect(g.Properties?.RetentionInDays).toBe(90);
  });

  it('no role carries a managed policy (no AWSLambdaBasicExecutionRole: logs only to its own group)', () => {
    for (const role of Object.values(resourcesOf(template, 'AWS::IAM::Role'))) {
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('every route is listed in infra/data-access.ts (no route got the broad default grant)', () => {
    for (const route of ROUTES) expect(ROUTE_ACCESS[route.name], route.name).toBeDefined();
    Annotations.fromStack(service).hasNoWarning('*', Match.stringLikeRegexp('data-access'));
  });
});

describe('DynamoDB', () => {
  it('one table per entry of functions/store/tables.ts plus the API keys, all on the customer-managed key with PITR', () => {
    const tables = resourcesOf(template, 'AWS::DynamoDB::Table');
    expect(Object.keys(tables)).toHaveLength(TABLES.length + 1);
    const keyId = logicalIdOf(service, service.data.key);
    for (const t of Object.values(tables)) {
      expect(t.Properties?.SSESpecification).toEqual({
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      });
      expect(t.Properties?.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
    });
  });

  it('each table is named by its variable, or locally after its id (the names docs/api.md gives)', () => {
    expect([...TABLES, API_KEYS_TABLE].map((t) => [tableEnvVar(t), localTableName(t)])).toEqual([
      ['AUDIT_TABLE', 'pension-audit'],
      ['IDEMPOTENCY_TABLE', 'pension-idempotency'],
      ['POLICY_TABLE', 'pension-policy'],
      ['API_KEYS_TABLE', 'pension-api-keys'],
    ]);
    expect(tableName(AUDIT_TABLE, { AUDIT_TABLE: 'audit-prod' })).toBe('audit-prod');
    expect(tableName(AUDIT_TABLE, {})).toBe('pension-audit');
  });

  it('the audit table: key calculationId, deletion protection, retained, its GSI', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        KeySchema: [{ AttributeName: AUDIT_TABLE.partitionKey.name, KeyType: 'HASH' }],
        DeletionProtectionEnabled: true,
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'byPrincipal' })],
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(AUDIT_TABLE.partitionKey.name).toBe('calculationId');
  });

  it('the idempotency table: Powertools key `id`, TTL on `expiration`', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
    expect(IDEMPOTENCY_TABLE.timeToLiveAttribute).toBe('expiration');
  });

  it('nothing may update or delete audit records: no Allow of a mutating action, and an explicit Deny', () => {
    const audit = tableId(AUDIT_TABLE.id);
    const statements = statementsOf(template).filter((s) => mentions(s.statement.Resource, audit));
    const allows = statements.filter((s) => s.statement.Effect === 'Allow');
    expect(allows.length).toBeGreaterThan(0);
    for (const { statement } of allows) {
      for (const action of actionsOf(statement)) {
        expect(['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query']).toContain(action);
      }
    }
    // Every role that can reach the audit table also carries the Deny.
    for (const { roles } of allows) {
      const denied = statements.filter(
        (s) => s.statement.Effect === 'Deny' && roles.every((r) => s.roles.includes(r)),
      );
      expect(denied.length).toBeGreaterThan(0);
      for (const action of ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) {
        expect(actionsOf(denied[0]?.statement as never)).toContain(action);
      }
    }
    expect(MUTATING_ACTIONS).toContain('dynamodb:PartiQLDelete');
  });

  it('the calculation functions may PutItem/GetItem on the audit table and nothing more', () => {
    const audit = tableId(AUDIT_TABLE.id);
    for (const name of ['eligibility', 'entitlement', 'arrears']) {
      const role = logicalIdOf(service, service.functions.get(name)?.role as never);
      const allowed = statementsOf(template)
        .filter((s) => s.roles.includes(role) && s.statement.Effect === 'Allow')
        .filter((s) => mentions(s.statement.Resource, audit))
        .flatMap((s) => actionsOf(s.statement));
      expect(allowed.sort(), name).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    }
  });

  it('public and read-only routes cannot write any table', () => {
    for (const route of ROUTES.filter((r) => r.method === 'GET')) {
      const role = logicalIdOf(service, service.functions.get(route.name)?.role as never);
      const actions = statementsOf(template)
        .filter((s) => s.roles.includes(role) && s.statement.Effect === 'Allow')
        .flatMap((s) => actionsOf(s.statement));
      for (const write of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']) {
        expect(actions, route.name).not.toContain(write);
      }
    }
  });
});

describe('pseudonymisation key', () => {
  it('is generated by Secrets Manager (64 hex digits) on the data key, and retained', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({
        GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludeUppercase: true }),
        KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(service, service.data.key), 'Arn'] },
      }),
      DeletionPolicy: 'Retain',
    });
  });

  it('reaches exactly the functions that pseudonymise, through the secrets extension', () => {
    expect(JSON.stringify(template.toJSON().Mappings)).toContain(
      'AWS-Parameters-and-Secrets-Lambda-Extension-Arm64',
    );
    for (const route of ROUTES) {
      const id = logicalIdOf(service, service.functions.get(route.name)?.function as never);
      const properties = functions[id]?.Properties as
        | { Environment?: { Variables: Record<string, unknown> }; Layers?: unknown[] }
        | undefined;
      const vars = properties?.Environment?.Variables ?? {};
      const layers = JSON.stringify(properties?.Layers ?? []);
      const role = logicalIdOf(service, service.functions.get(route.name)?.role as never);
      const actions = statementsOf(template)
        .filter((s) => s.roles.includes(role))
        .flatMap((s) => actionsOf(s.statement));
      expect(actions, route.name).not.toContain('ssm:GetParameter');
      if (ROUTE_ACCESS[route.name]?.pseudonymKey) {
        // The secret's ARN (a Ref to it): the extension takes a name or an ARN.
        expect(vars.PSEUDONYM_KEY_SECRET).toEqual({ Ref: logicalIdOf(service, service.data.pseudonymKey) });
        // The layer's ARN for the stack's region, from the map CDK writes (arm64 builds of the extension).
        expect(layers, route.name).toMatch(/"Fn::FindInMap":\["[^"]*[Pp]aramsandsecrets/);
        expect(actions).toContain('secretsmanager:GetSecretValue');
      } else {
        expect(vars.PSEUDONYM_KEY_SECRET, route.name).toBeUndefined();
        expect(layers, route.name).toBe('[]');
        expect(actions, route.name).not.toContain('secretsmanager:GetSecretValue');
      }
    }
  });
});

describe('HTTP APIs', () => {
  const stages = resourcesOf(template, 'AWS::ApiGatewayV2::Stage');
  const routes = resourcesOf(template, 'AWS::ApiGatewayV2::Route');
  const authorizers = resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer');
  const apiId = (api: typeof service.systemApi) => logicalIdOf(service, api.api);

  it('both stages throttle and write access logs', () => {
    const throttles = Object.values(stages).map((s) => s.Properties?.DefaultRouteSettings);
    expect(throttles).toEqual(
      expect.arrayContaining([
        {
          ThrottlingRateLimit: DEFAULT_SYSTEM_THROTTLE.rateLimit,
          ThrottlingBurstLimit: DEFAULT_SYSTEM_THROTTLE.burstLimit,
        },
        {
          ThrottlingRateLimit: DEFAULT_STAFF_THROTTLE.rateLimit,
          ThrottlingBurstLimit: DEFAULT_STAFF_THROTTLE.burstLimit,
        },
      ]),
    );
    for (const s of Object.values(stages)) {
      expect(s.Properties?.AccessLogSettings).toMatchObject({ DestinationArn: expect.anything() });
      expect(JSON.stringify(s.Properties?.AccessLogSettings)).not.toMatch(/authorization/i);
    }
  });

  it('the system API: a REQUEST Lambda authorizer (simple responses) on the Authorization header', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      ApiId: { Ref: apiId(service.systemApi) },
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      IdentitySource: ['$request.header.Authorization'],
    });
  });

  it('the staff API: a JWT authorizer on the Cognito user pool and its client', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      ApiId: { Ref: apiId(service.staffApi) },
      AuthorizerType: 'JWT',
      JwtConfiguration: {
        Audience: [{ Ref: logicalIdOf(service, service.staff.client) }],
        Issuer: Match.anyValue(),
      },
    });
  });

  for (const [label, api, audience, type] of [
    ['system', service.systemApi, ['system'], 'CUSTOM'],
    ['staff', service.staffApi, ['caseworker', 'policy'], 'JWT'],
  ] as const) {
    it(`${label} API: every protected route has the ${type} authorizer, public routes none, others absent`, () => {
      const mine = Object.values(routes).filter((r) => mentions(r.Properties?.ApiId, apiId(api)));
      const byKey = new Map(mine.map((r) => [String(r.Properties?.RouteKey), r.Properties ?? {}]));
      const authorizerIds = Object.keys(authorizers).filter((id) =>
        mentions(authorizers[id]?.Properties?.ApiId, apiId(api)),
      );
      for (const route of ROUTES) {
        const key = `${route.method} ${route.path}`;
        const props = byKey.get(key);
        if (route.roles.length === 0) {
          expect(props?.AuthorizationType, key).toBe('NONE');
          expect(props?.AuthorizerId, key).toBeUndefined();
        } else if (route.roles.some((r) => (audience as readonly string[]).includes(r))) {
          expect(props?.AuthorizationType, key).toBe(type);
          expect(
            authorizerIds.some((id) => mentions(props?.AuthorizerId, id)),
            key,
          ).toBe(true);
        } else {
          expect(props, `${key} must not exist on the ${label} API`).toBeUndefined();
        }
      }
      expect(mine.length).toBe(byKey.size);
    });
  }

  it('the open routes are exactly the public ones of the route table (the pages and GET /openapi.json), with HEAD beside GET', () => {
    const open = Object.values(routes)
      .filter((r) => r.Properties?.AuthorizationType === 'NONE')
      .map((r) => r.Properties?.RouteKey);
    const expected = ROUTES.filter((r) => r.roles.length === 0).flatMap((r) => [
      `${r.method} ${r.path}`,
      ...(r.method === 'GET' ? [`HEAD ${r.path}`] : []),
    ]);
    expect([...new Set(open)].sort()).toEqual(expected.sort());
    expect(expected).toEqual(expect.arrayContaining(['GET /', 'GET /openapi.json']));
  });
});

describe('staff sign-in', () => {
  it('admin-created accounts only, MFA on, threat protection enforced, strong passwords', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireSymbols: true }) },
      LambdaConfig: { PreTokenGeneration: Match.anyValue() },
    });
  });

  it('groups caseworker and policy, and no system group', () => {
    const groups = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolGroup')).map(
      (g) => g.Properties?.GroupName,
    );
    expect(groups.sort()).toEqual(['caseworker', 'policy']);
  });

  it('the client has no secret and cannot write anything but name and email', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      WriteAttributes: Match.arrayEquals(['email', 'name']),
    });
  });
});

describe('API keys', () => {
  it('the authorizer reads the hashed keys table, nothing else', () => {
    const role = logicalIdOf(service, service.authorizerFunction.role);
    const dynamo = statementsOf(template)
      .filter((s) => s.roles.includes(role) && s.statement.Effect === 'Allow')
      .filter((s) => actionsOf(s.statement).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(1);
    expect(actionsOf(dynamo[0]?.statement as never).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(mentions(dynamo[0]?.statement.Resource, tableId(API_KEYS_TABLE.id))).toBe(true);
  });
});
