/**
 * Coverage screening (应保尽保) at scale, as the replay runs (./replay-stack.ts): a Step Functions
 * state machine whose first step reads the lists from the lists bucket into one JSON Lines file of
 * bundles (one person's pseudonymised records a line), whose Distributed Map hands batches of bundles
 * to a Lambda running the local run's per-batch code (functions/screening/batch.ts), collecting the
 * tallies in S3 (ResultWriter), and whose last step folds them into summary.json and summary.csv.
 * An alarm fires on a failed execution. docs/screening.md has the execution input.
 */
import { type CfnElement, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct, IConstruct } from 'constructs';
import { ApiFunction } from '../constructs/api-function.ts';
import { accessLogBucket, caseDataBucket, iBucket } from '../constructs/buckets.ts';
import { pseudonymKeySecret } from '../constructs/pseudonym-key.ts';
import { acknowledge } from '../nag.ts';

/** The screening's limits, documented in docs/screening.md. */
export const SCREENING_LIMITS = {
  /** Bundles (persons) per child batch: a bundle is 0.3–1 KB of JSON. */
  maxItemsPerBatch: 200,
  /** Step Functions caps a batch's input at 256 KiB; stay under it with room for BatchInput. */
  maxInputBytesPerBatch: 240 * 1024,
  maxConcurrency: 50,
  /** A screening must see everyone: one failed batch fails the run (after retries). */
  toleratedFailurePercentage: 0,
  batchTimeout: Duration.minutes(5),
  batchMemoryMb: 1769, // one full vCPU
  /** Reading millions of rows and writing the bundle file: the most a Lambda may run. */
  prepareTimeout: Duration.minutes(15),
  prepareMemoryMb: 3008,
} as const;

export interface ScreeningStackProps extends StackProps {
  readonly concurrencyScale?: number;
}

export class ScreeningStack extends Stack {
  readonly listsBucket: s3.Bucket;
  readonly resultsBucket: s3.Bucket;
  readonly stateMachine: sfn.StateMachine;
  readonly prepareFunction: ApiFunction;
  readonly batchFunction: ApiFunction;
  readonly summariseFunction: ApiFunction;
  readonly pseudonymKey: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ScreeningStackProps = {}) {
    super(scope, id, props);
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    this.node.setContext('@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2', true);
    const maxConcurrency = Math.max(
      1,
      Math.round(SCREENING_LIMITS.maxConcurrency * (props.concurrencyScale ?? 1)),
    );

    // The lists hold ID numbers: a customer-managed key, rotated, kept.
    const key = new kms.Key(this, 'Key', {
      description: 'Pension coverage screening: lists, results, alarms',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const accessLogs = accessLogBucket(this, 'AccessLogs', 'the screening buckets');
    // The lists are the offices' exports with ID numbers in clear: kept no longer than a screening needs.
    this.listsBucket = caseDataBucket(this, 'Lists', {
      key,
      accessLogs,
      prefix: 'lists/',
      expireAfterDays: 30,
    });
    this.resultsBucket = caseDataBucket(this, 'Results', { key, accessLogs, prefix: 'results/' });

    // The screenings' own pseudonymisation key (HMAC of ID numbers): generated once and kept, so
    // that every screening pseudonymises a person alike and runs can be compared (docs/screening.md).
    this.pseudonymKey = pseudonymKeySecret(this, 'PseudonymKey', {
      key,
      description: 'HMAC-SHA256 key for pseudonymising ID numbers in coverage screenings (64 hex digits)',
      whyNotRotated:
        'An HMAC key cannot rotate without breaking every pseudonym already stored; rotation is a planned re-keying.',
    });

    const results = this.resultsBucket;
    const objects = (fn: ApiFunction, bucket: s3.Bucket, actions: string[], prefix: string) => {
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions, resources: [bucket.arnForObjects(prefix)] }),
      );
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }),
      );
      acknowledge(
        fn.role,
        `AwsSolutions-IAM5[Resource::<${this.getLogicalId(bucket.node.defaultChild as CfnElement)}.Arn>/${prefix}]`,
        'A screening reads any list object an execution names, and writes under screenings/<execution>/: the narrowest fixed scope.',
      );
    };

    this.prepareFunction = new ApiFunction(this, 'PrepareFunction', {
      entry: 'functions/screening-batch/prepare.ts',
      description: 'Read the lists of a screening into its bundle file',
      reservedConcurrency: 5,
      memorySize: SCREENING_LIMITS.prepareMemoryMb,
      timeout: SCREENING_LIMITS.prepareTimeout,
      withRulesets: true,
      secretsExtension: true,
      environment: {
        LISTS_BUCKET: this.listsBucket.bucketName,
        RESULTS_BUCKET: results.bucketName,
        PSEUDONYM_KEY_SECRET: this.pseudonymKey.secretArn,
      },
    });
    this.pseudonymKey.grantRead(this.prepareFunction.role);
    objects(this.prepareFunction, this.listsBucket, ['s3:GetObject'], '*');
    objects(this.prepareFunction, results, ['s3:PutObject'], 'screenings/*');

    this.batchFunction = new ApiFunction(this, 'BatchFunction', {
      entry: 'functions/screening-batch/handler.ts',
      description: 'Classify one batch of persons of a coverage screening',
      reservedConcurrency: maxConcurrency,
      memorySize: SCREENING_LIMITS.batchMemoryMb,
      timeout: SCREENING_LIMITS.batchTimeout,
      withRulesets: true,
      environment: { RESULTS_BUCKET: results.bucketName },
    });
    objects(this.batchFunction, results, ['s3:PutObject'], 'screenings/*');

    this.summariseFunction = new ApiFunction(this, 'SummariseFunction', {
      entry: 'functions/screening-batch/summarise.ts',
      description: 'Fold the batch tallies of a screening into its summary',
      reservedConcurrency: 5,
      memorySize: 1024,
      timeout: Duration.minutes(5),
      withRulesets: true,
      environment: { RESULTS_BUCKET: results.bucketName },
    });
    objects(this.summariseFunction, results, ['s3:GetObject', 's3:PutObject'], 'screenings/*');
    // The map's result files are written under the ResultWriter's prefix.
    objects(this.summariseFunction, results, ['s3:GetObject'], 'screening-map-runs/*');

    const resultsPrefix = sfn.JsonPath.format('screenings/{}', sfn.JsonPath.stringAt('$$.Execution.Name'));
    const prepare = new tasks.LambdaInvoke(this, 'Prepare', {
      lambdaFunction: this.prepareFunction.function,
      payload: sfn.TaskInput.fromObject({
        month: sfn.JsonPath.stringAt('$.month'),
        ruleset: sfn.JsonPath.stringAt('$.ruleset'),
        lists: sfn.JsonPath.listAt('$.lists'),
        resultsPrefix,
      }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
      resultPath: '$.prepared',
    });

    const screenBatch = new tasks.LambdaInvoke(this, 'ScreenBatch', {
      lambdaFunction: this.batchFunction.function,
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
    });
    screenBatch.addRetry({
      errors: ['Lambda.TooManyRequestsException', 'States.Timeout'],
      interval: Duration.seconds(2),
      backoffRate: 2,
      maxAttempts: 3,
    });
    const map = new sfn.DistributedMap(this, 'ScreenPersons', {
      itemReader: new sfn.S3JsonLItemReader({
        bucket: iBucket(results),
        key: sfn.JsonPath.stringAt('$.prepared.bundlesKey'),
      }),
      // The bundle's place in the file orders the persons' parts.
      itemSelector: {
        index: sfn.JsonPath.numberAt('$$.Map.Item.Index'),
        bundle: sfn.JsonPath.objectAt('$$.Map.Item.Value'),
      },
      itemBatcher: new sfn.ItemBatcher({
        maxItemsPerBatch: SCREENING_LIMITS.maxItemsPerBatch,
        maxInputBytesPerBatch: SCREENING_LIMITS.maxInputBytesPerBatch,
        // CDK writes BatchInput as given, without turning JsonPath tokens into "key.$" fields: the
        // paths are spelled out here, or every batch would receive the path text itself.
        batchInput: {
          'month.$': '$.month',
          'ruleset.$': '$.prepared.ruleset',
          'resultsPrefix.$': "States.Format('screenings/{}', $$.Execution.Name)",
        },
      }),
      maxConcurrency,
      mapExecutionType: sfn.StateMachineType.EXPRESS,
      toleratedFailurePercentage: SCREENING_LIMITS.toleratedFailurePercentage,
      resultWriterV2: new sfn.ResultWriterV2({ bucket: iBucket(results), prefix: 'screening-map-runs' }),
      resultPath: '$.map',
      label: 'ScreenPersons',
    });
    map.itemProcessor(screenBatch);

    const summarise = new tasks.LambdaInvoke(this, 'Summarise', {
      lambdaFunction: this.summariseFunction.function,
      payload: sfn.TaskInput.fromObject({
        month: sfn.JsonPath.stringAt('$.month'),
        ruleset: sfn.JsonPath.stringAt('$.prepared.ruleset'),
        resultsPrefix,
        resultWriterDetails: sfn.JsonPath.objectAt('$.map.ResultWriterDetails'),
      }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
    });

    const executionLogs = new logs.LogGroup(this, 'ExecutionLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'Screening', {
      definitionBody: sfn.DefinitionBody.fromChainable(prepare.next(map).next(summarise)),
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: Duration.hours(12),
      tracingEnabled: true,
      // Every state transition is logged, without its data.
      logs: { destination: executionLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }),
    );

    const logicalId = (c: IConstruct) => this.getLogicalId(c.node.defaultChild as CfnElement);
    const sm = logicalId(this.stateMachine);
    acknowledge(
      this.stateMachine,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray tracing of the state machine: PutTraceSegments/PutTelemetryRecords/GetSampling* accept no resource but "*".',
    );
    acknowledge(
      this.stateMachine,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<${logicalId(results)}>/*]`,
      'The Distributed Map reads the bundle file of its execution and its ResultWriter writes result files: objects of the results bucket.',
    );
    for (const fn of [this.prepareFunction, this.batchFunction, this.summariseFunction]) {
      acknowledge(
        this.stateMachine,
        `AwsSolutions-IAM5[Resource::<${logicalId(fn.function)}.Arn>:*]`,
        'Invoking a Lambda function covers its versions and aliases (ARN suffix ":*"); it is one named function.',
      );
    }
    for (const suffix of ['', '/ScreenPersons']) {
      acknowledge(
        this.stateMachine,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${sm}"}]}]}${suffix}:*]`,
        "A Distributed Map starts and watches child executions of this state machine's own map runs, whose names are not known in advance.",
      );
    }

    const alarms = new sns.Topic(this, 'Alarms', { masterKey: key, enforceSSL: true });
    key.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
    new cloudwatch.Alarm(this, 'ScreeningFailed', {
      alarmDescription:
        'A screening execution failed (a batch failed after retries, a list unreadable, a summary error)',
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new cwActions.SnsAction(alarms));

    new CfnOutput(this, 'ListsBucketName', { value: this.listsBucket.bucketName });
    new CfnOutput(this, 'ResultsBucketName', { value: results.bucketName });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'PseudonymKeySecretArn', { value: this.pseudonymKey.secretArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topicArn });
  }
}
