/**
 * One Lambda function of the service, configured in one place: Node.js 24 on arm64 (Graviton: ~20 %
 * cheaper per GB-second than x86), an ESM bundle built by the local esbuild (minified, with source
 * maps, the AWS SDK left to the runtime), X-Ray active tracing, its own log group with a retention,
 * reserved concurrency, and its own role holding only what is granted to it explicitly.
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  afterBundlingCommands,
  BUNDLE_RULESETS_FOLDER,
  ESM_REQUIRE_BANNER,
  EXTERNAL_MODULES,
  MAIN_FIELDS,
  NODE_TARGET,
  SDK_ALIAS_ARGS,
} from '../bundling.ts';
import { acknowledge } from '../nag.ts';

/** The repository root: entries and the rulesets folder are resolved from it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the ruleset snapshots land inside each bundle (/var/task is the function's code root). */
const BUNDLED_RULESETS_DIR = `/var/task/${BUNDLE_RULESETS_FOLDER}`;

export interface ApiFunctionProps {
  /** Module exporting `handler`, relative to the repository root. */
  readonly entry: string;
  readonly description: string;
  /** Requests one function may serve at once; caps cost and protects DynamoDB from a runaway caller. */
  readonly reservedConcurrency: number;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly logRetention?: logs.RetentionDays;
  /** Put a JSON snapshot of each published ruleset into the bundle and point RULESETS_DIR at them. */
  readonly withRulesets?: boolean;
  /** A folder of files the handler reads at run time (relative to the repository root), copied to `assets/`. */
  readonly assets?: string;
  /** A page whose browser code is built into `assets/` (infra/bundling.ts FUNCTION_PAGES). */
  readonly page?: string;
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Attach the AWS Parameters and Secrets Lambda Extension, which serves secrets on localhost to
   * the function (functions/shared/pseudonym.ts) so that it loads no SDK client for them.
   */
  readonly secretsExtension?: boolean;
}

export class ApiFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role instead of the AWSLambdaBasicExecutionRole managed policy: that policy lets a
    // function create any log group in the account; this role may only write to its own.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.entry}`,
    });
    this.logGroup.grantWrite(this.role);

    const environment: Record<string, string> = {
      // Stack traces point at the TypeScript sources through the bundled source maps.
      NODE_OPTIONS: '--enable-source-maps',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...(props.withRulesets ? { RULESETS_DIR: BUNDLED_RULESETS_DIR } : {}),
      ...props.environment,
    };

    this.function = new NodejsFunction(this, 'Function', {
      entry: `${REPO_ROOT}${props.entry}`,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
      environment,
      ...(props.secretsExtension
        ? {
            paramsAndSecrets: lambda.ParamsAndSecretsLayerVersion.fromVersion(
              lambda.ParamsAndSecretsVersions.V1_0_103,
              // Read once per cold start; the extension's cache only serves a second reader.
              { cacheEnabled: true, secretsManagerTtl: Duration.minutes(5) },
            ),
          }
        : {}),
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: NODE_TARGET,
        minify: true,
        sourceMap: true,
        mainFields: MAIN_FIELDS,
        banner: ESM_REQUIRE_BANNER,
        externalModules: EXTERNAL_MODULES,
        esbuildArgs: { ...SDK_ALIAS_ARGS },
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          // Rulesets (hash-verified at cold start) and assets are data files, not code esbuild can inline.
          afterBundling: (inputDir: string, outputDir: string) =>
            afterBundlingCommands(inputDir, outputDir, {
              ...(props.withRulesets ? { withRulesets: true } : {}),
              ...(props.assets ? { assets: props.assets } : {}),
              ...(props.page ? { page: props.page } : {}),
            }),
        },
      },
    });

    acknowledge(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) have no resource-level permissions: "*" is the only resource AWS accepts for them.',
    );
  }
}
