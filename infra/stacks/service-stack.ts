/**
 * The service: one Lambda function per route of functions/routes.ts, the two HTTP APIs that reach
 * them (systems with API keys, staff with Cognito tokens), the data they keep, and staff sign-in.
 */
import { Annotations, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  HttpLambdaAuthorizer,
  HttpLambdaResponseType,
  HttpUserPoolAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { API_KEYS_TABLE } from '../../functions/authorizer/api-keys.ts';
import { ROUTES, type Route } from '../../functions/routes.ts';
import { POLICY_TABLE, tableEnvVar } from '../../functions/store/tables.ts';
import { routeBundleFiles } from '../bundling.ts';
import { scaledConcurrency } from '../concurrency.ts';
import { ApiFunction } from '../constructs/api-function.ts';
import { Data } from '../constructs/data.ts';
import { grantObjects, grantPseudonymKey, grantTable } from '../constructs/grants.ts';
import { ServiceApi } from '../constructs/service-api.ts';
import { StaffIdentity } from '../constructs/staff-identity.ts';
import { type FunctionAccess, ROUTE_ACCESS } from '../data-access.ts';

export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export interface ServiceStackProps extends StackProps {
  readonly routes?: readonly Route[];
  /** Stage throttles; API Gateway answers 429 beyond them. */
  readonly systemThrottle?: Throttle;
  readonly staffThrottle?: Throttle;
  /** Multiplies every function's reserved concurrency (default 1); see docs/infra.md for small accounts. */
  readonly concurrencyScale?: number;
  readonly logRetention?: logs.RetentionDays;
}

/** Reserved concurrency by kind of route: calculations are the expensive, write-heavy ones. */
const RESERVED_CONCURRENCY = {
  calculation: 50,
  read: 20,
  public: 10,
  authorizer: 50,
  preTokenGeneration: 5,
  /** Simulations replaying at once in AWS (each one vCPU, its case set and report in memory). */
  simulationsRun: 5,
} as const;

export function reservedConcurrencyFor(route: Route): number {
  if (route.roles.length === 0) return RESERVED_CONCURRENCY.public;
  return route.method === 'GET' ? RESERVED_CONCURRENCY.read : RESERVED_CONCURRENCY.calculation;
}

export const DEFAULT_SYSTEM_THROTTLE: Throttle = { rateLimit: 200, burstLimit: 400 };
export const DEFAULT_STAFF_THROTTLE: Throttle = { rateLimit: 50, burstLimit: 100 };

export class ServiceStack extends Stack {
  readonly data: Data;
  readonly functions: ReadonlyMap<string, ApiFunction>;
  readonly simulationsRunner: ApiFunction;
  readonly screeningsRunner: ApiFunction;
  readonly systemApi: ServiceApi;
  readonly staffApi: ServiceApi;
  readonly staff: StaffIdentity;
  readonly authorizerFunction: ApiFunction;

  constructor(scope: Construct, id: string, props: ServiceStackProps = {}) {
    super(scope, id, props);
    const routes = props.routes ?? ROUTES;
    const concurrency = (n: number) => scaledConcurrency(n, props.concurrencyScale);
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;

    this.data = new Data(this, 'Data');
    const tableEnvironment: Record<string, string> = {};
    for (const { definition, table } of this.data.tables.values()) {
      tableEnvironment[tableEnvVar(definition)] = table.tableName;
    }

    // One function per route, each with only the data access stated for it in infra/data-access.ts.
    const functions = new Map<string, ApiFunction>();
    for (const route of routes) {
      const access = ROUTE_ACCESS[route.name] ?? this.defaultAccess(route);
      const fn = new ApiFunction(this, `Route-${route.name}`, {
        entry: route.entry,
        description: `${route.method} ${route.path}`,
        reservedConcurrency: concurrency(reservedConcurrencyFor(route)),
        ...(access.timeoutSeconds ? { timeout: Duration.seconds(access.timeoutSeconds) } : {}),
        ...(access.memoryMb ? { memorySize: access.memoryMb } : {}),
        logRetention,
        ...routeBundleFiles(route.name),
        environment: {
          ...tableEnvironment,
          ...(access.policyBucket ? { POLICY_BUCKET: this.data.policyBucket.bucketName } : {}),
          ...(access.pseudonymKey ? { PSEUDONYM_KEY_SECRET: this.data.pseudonymKey.secretArn } : {}),
        },
        // The pseudonymisation key is read through the Parameters and Secrets extension (no SDK client).
        secretsExtension: access.pseudonymKey,
      });
      for (const [tableId, tableAccess] of Object.entries(access.tables)) {
        const entry = this.data.tables.get(tableId);
        if (!entry)
          throw new Error(`infra/data-access.ts: route ${route.name} names unknown table ${tableId}`);
        grantTable(fn.role, {
          table: entry.table,
          access: tableAccess,
          ...(entry.definition.immutable ? { immutable: true } : {}),
          indexes: (entry.definition.globalSecondaryIndexes ?? []).map((gsi) => gsi.name),
        });
      }
      if (access.pseudonymKey) grantPseudonymKey(fn.role, this.data.pseudonymKey);
      if (access.policyBucket) {
        grantObjects(
          fn.role,
          this.data.policyBucket,
          this.data.key,
          access.policyBucket,
          'Case sets and reports are objects keyed by their generated ids; access is to that one bucket, object actions only.',
        );
      }
      functions.set(route.name, fn);
    }
    this.functions = functions;

    // Simulations run after POST /v1/simulations has answered, and a Lambda is frozen once it has
    // answered: the new simulation item on the Policy table's stream starts the runner instead.
    const policyTable = this.data.table(POLICY_TABLE.id);
    const streamRunner = (
      id: string,
      kind: 'simulation' | 'screening',
      description: string,
      objects: string,
    ) => {
      const runner = new ApiFunction(this, id, {
        entry: `functions/${kind}s-run/handler.ts`,
        description,
        reservedConcurrency: concurrency(RESERVED_CONCURRENCY.simulationsRun),
        timeout: Duration.minutes(15),
        memorySize: 1769, // one full vCPU
        logRetention,
        withRulesets: true,
        environment: { ...tableEnvironment, POLICY_BUCKET: this.data.policyBucket.bucketName },
      });
      grantTable(runner.role, { table: policyTable, access: 'readwrite' });
      grantObjects(
        runner.role,
        this.data.policyBucket,
        this.data.key,
        'readwrite',
        `${objects} are objects keyed by their generated ids; access is to that one bucket, object actions only.`,
      );
      runner.function.addEventSource(
        // aws-cdk-lib's Table declares optional members without `| undefined`, which
        // exactOptionalPropertyTypes rejects where an ITable is expected; the object is the same.
        new DynamoEventSource(policyTable as unknown as dynamodb.ITable, {
          startingPosition: lambda.StartingPosition.LATEST,
          batchSize: 1,
          retryAttempts: 2,
          filters: [
            lambda.FilterCriteria.filter({
              eventName: lambda.FilterRule.isEqual('INSERT'),
              dynamodb: { NewImage: { kind: { S: lambda.FilterRule.isEqual(kind) } } },
            }),
          ],
        }),
      );
      // The route that queues the item leaves its run to the stream (SIMULATIONS_RUN_BY, SCREENINGS_RUN_BY).
      functions.get(`${kind}s-create`)?.function.addEnvironment(`${kind.toUpperCase()}S_RUN_BY`, 'stream');
      return runner;
    };
    this.simulationsRunner = streamRunner(
      'SimulationsRun',
      'simulation',
      'Replay a queued policy simulation (started by the Policy table stream)',
      'Case sets and reports',
    );
    // Screenings likewise (docs/screening.md): the new screening item starts its runner.
    this.screeningsRunner = streamRunner(
      'ScreeningsRun',
      'screening',
      'Screen the uploaded lists of a queued coverage screening (started by the Policy table stream)',
      'Uploaded lists and screening results',
    );

    // Systems: `Authorization: Bearer <API key>`, checked against the hashed keys table.
    this.authorizerFunction = new ApiFunction(this, 'ApiKeyAuthorizer', {
      entry: 'functions/authorizer/handler.ts',
      description: 'HTTP API Lambda authorizer: hashed API keys of machine callers',
      reservedConcurrency: concurrency(RESERVED_CONCURRENCY.authorizer),
      memorySize: 256,
      timeout: Duration.seconds(5),
      logRetention,
      environment: { [tableEnvVar(API_KEYS_TABLE)]: this.data.table(API_KEYS_TABLE.id).tableName },
    });
    grantTable(this.authorizerFunction.role, { table: this.data.table(API_KEYS_TABLE.id), access: 'read' });
    const apiKeyAuthorizer = new HttpLambdaAuthorizer('ApiKeyAuthorizer', this.authorizerFunction.function, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      // A revoked key keeps working for at most this long (the cached verdict).
      resultsCacheTtl: Duration.minutes(5),
    });

    // Staff: Cognito ID tokens carrying the `role` claim from their group.
    const preToken = new ApiFunction(this, 'PreTokenGeneration', {
      entry: 'functions/authorizer/pre-token.ts',
      description: 'Cognito pre token generation: staff group → role claim',
      reservedConcurrency: concurrency(RESERVED_CONCURRENCY.preTokenGeneration),
      memorySize: 128,
      timeout: Duration.seconds(5),
      logRetention,
    });
    this.staff = new StaffIdentity(this, 'Staff', { preTokenGeneration: preToken });
    const staffAuthorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', this.staff.userPool, {
      userPoolClients: [this.staff.client],
      identitySource: ['$request.header.Authorization'],
    });

    this.systemApi = new ServiceApi(this, 'SystemApi', {
      description: 'Pension entitlement API for other government systems (API keys)',
      audience: ['system'],
      routes,
      functions,
      authorizer: apiKeyAuthorizer,
      throttle: props.systemThrottle ?? DEFAULT_SYSTEM_THROTTLE,
      logRetention,
    });
    this.staffApi = new ServiceApi(this, 'StaffApi', {
      description: 'Pension entitlement API and pages for caseworkers and policy staff (Cognito)',
      audience: ['caseworker', 'policy'],
      routes,
      functions,
      authorizer: staffAuthorizer,
      throttle: props.staffThrottle ?? DEFAULT_STAFF_THROTTLE,
      logRetention,
    });

    new CfnOutput(this, 'SystemApiUrl', { value: this.systemApi.stage.url });
    new CfnOutput(this, 'StaffApiUrl', { value: this.staffApi.stage.url });
    new CfnOutput(this, 'UserPoolId', { value: this.staff.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.staff.client.userPoolClientId });
    new CfnOutput(this, 'ApiKeysTableName', { value: this.data.table(API_KEYS_TABLE.id).tableName });
    new CfnOutput(this, 'PseudonymKeySecretName', { value: this.data.pseudonymKey.secretName });
  }

  /**
   * A route infra/data-access.ts does not know yet: it gets every table (append-only where records are
   * immutable) and the pseudonym key, so it works, and a warning the infra tests turn into a failure.
   */
  private defaultAccess(route: Route): FunctionAccess {
    const tables: Record<string, 'append' | 'readwrite'> = {};
    for (const { definition } of this.data.tables.values()) {
      if (definition.id === API_KEYS_TABLE.id) continue;
      tables[definition.id] = definition.immutable ? 'append' : 'readwrite';
    }
    Annotations.of(this).addWarningV2(
      'pension:route-without-data-access',
      `route ${route.name} has no entry in infra/data-access.ts: it was granted every table`,
    );
    return { tables, pseudonymKey: true };
  }
}
