/**
 * One Lambda function of the service, configured in one place: Node.js 24 on arm64 (Graviton: ~20 %
 * cheaper per GB-second than x86), an ESM bundle built by the local esbuild in the synth's process
 * (infra/bundling.ts: minified, with source maps, the AWS SDK left to the runtime), X-Ray active
 * tracing, its own log group with a retention, reserved concurrency, and its own role holding only
 * what is granted to it explicitly.
 */
import { AssetHashType, DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLE_RULESETS_FOLDER, type BundleFiles, InProcessBundling, REPO_ROOT } from '../bundling.ts';
import { acknowledge } from '../nag.ts';

/** Where the ruleset snapshots land inside each bundle (/var/task is the function's code root). */
const BUNDLED_RULESETS_DIR = `/var/task/${BUNDLE_RULESETS_FOLDER}`;

/** `withRulesets` also points RULESETS_DIR at the snapshots in the bundle. */
export interface ApiFunctionProps extends BundleFiles {
  /** Module exporting `handler`, relative to the repository root. */
  readonly entry: string;
  readonly description: string;
  /** Requests one function may serve at once; caps cost and protects DynamoDB from a runaway caller. */
  readonly reservedConcurrency: number;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly logRetention?: logs.RetentionDays;
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

    const files: BundleFiles = {
      ...(props.withRulesets ? { withRulesets: true } : {}),
      ...(props.assets ? { assets: props.assets } : {}),
      ...(props.page ? { page: props.page } : {}),
    };
    this.function = new NodejsFunction(this, 'Function', {
      // The bundle as NodejsFunction's own bundling would build it (hashed by its output), but built in
      // this process: a synth of every function spawns no esbuild, shell or npx per function.
      code: lambda.Code.fromAsset(REPO_ROOT, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          local: new InProcessBundling(props.entry, files),
          // Never run: the local bundling builds the bundle or throws, so CDK never falls back to Docker.
          image: DockerImage.fromRegistry('dummy'),
        },
      }),
      handler: 'index.handler',
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
    });

    acknowledge(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) have no resource-level permissions: "*" is the only resource AWS accepts for them.',
    );
  }
}
