/**
 * One HTTP API (API Gateway v2) for one audience, built from the route table: every route some role
 * of that audience may call, plus the public ones. An HTTP API route takes exactly one authorizer, and
 * the two kinds of credential (API keys of systems, Cognito tokens of staff) need different ones, so
 * each audience gets its own API over the same functions. A route no role of the audience may call
 * does not exist on that API at all.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Role, Route } from '../../functions/routes.ts';
import { acknowledge } from '../nag.ts';
import type { ApiFunction } from './api-function.ts';

export interface ServiceApiProps {
  readonly description: string;
  /** The roles whose callers come through this API. */
  readonly audience: readonly Role[];
  readonly routes: readonly Route[];
  /** By route name. */
  readonly functions: ReadonlyMap<string, ApiFunction>;
  readonly authorizer: apigw.IHttpRouteAuthorizer;
  /** Stage-wide steady rate (requests/second) and burst. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetention: logs.RetentionDays;
}

/** The routes an audience reaches: public ones, and those some role of the audience may call. */
function routesFor(routes: readonly Route[], audience: readonly Role[]): Route[] {
  return routes.filter((r) => r.roles.length === 0 || r.roles.some((role) => audience.includes(role)));
}

export class ServiceApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;

  constructor(scope: Construct, id: string, props: ServiceApiProps) {
    super(scope, id);

    this.api = new apigw.HttpApi(this, 'Api', {
      description: props.description,
      createDefaultStage: false,
      // Only the stage URL is an entry point; the execute-api default endpoint stays on.
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        // Who called what and how it went; never headers, bodies or tokens.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            responseLength: '$context.responseLength',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    for (const route of routesFor(props.routes, props.audience)) {
      const fn = props.functions.get(route.name);
      if (!fn) throw new Error(`no function for route ${route.name}`);
      const isPublic = route.roles.length === 0;
      // A public page or document answers HEAD as GET (a link checker's or a proxy's probe).
      const methods =
        isPublic && route.method === 'GET'
          ? [apigw.HttpMethod.GET, apigw.HttpMethod.HEAD]
          : [apigw.HttpMethod[route.method]];
      const created = this.api.addRoutes({
        path: route.path,
        methods,
        integration: new HttpLambdaIntegration(`${route.name}-integration`, fn.function),
        authorizer: isPublic ? new apigw.HttpNoneAuthorizer() : props.authorizer,
      });
      for (const one of isPublic ? created : []) {
        acknowledge(
          one,
          'AwsSolutions-APIG4',
          `${route.method} ${route.path} is public by contract (the page and the OpenAPI document); the API calls it leads to require a token.`,
        );
      }
    }
  }
}
