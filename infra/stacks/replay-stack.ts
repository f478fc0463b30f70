/**
 * Policy replays at scale: a Step Functions state machine whose Distributed Map reads a JSON Lines
 * case file from S3, hands batches of cases to a Lambda running the CLI's per-batch replay code,
 * collects the batch results in S3 (ResultWriter) and folds them into report.json. A batch that
 * still fails after retries is recorded on a dead-letter queue (line range and error, never cases);
 * alarms fire on a failed execution and on anything in the dead-letter queue.
 *
 * Start one: `aws stepfunctions start-execution --state-machine-arn … --input
 * '{"casesKey":"cases/2026-q3.jsonl","baseline":"2026.1","candidate":"2026.2"}'` (docs/infra.md).
 */
import { type CfnElement, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct, IConstruct } from 'constructs';
import { ApiFunction } from '../constructs/api-function.ts';
import { accessLogBucket, caseDataBucket, iBucket } from '../constructs/buckets.ts';
import { acknowledge } from '../nag.ts';

/** The replay's limits, documented in docs/infra.md. */
export const REPLAY_LIMITS = {
  /** Cases per child batch (one Lambda invocation). */
  maxItemsPerBatch: 250,
  /** Step Functions caps a batch's input at 256 KiB; stay under it with room for BatchInput. */
  maxInputBytesPerBatch: 240 * 1024,
  /** Child batches running at once (= the batch Lambda's reserved concurrency). */
  maxConcurrency: 100,
  /** Share of batches that may fail before the whole run fails. */
  toleratedFailurePercentage: 5,
  batchTimeout: Duration.minutes(5),
  batchMemoryMb: 1769, // one full vCPU
} as const;

/** Object actions under replays/ of a bucket, with the bucket key's KMS actions they need. */
function grantObjects(role: iam.IRole, bucket: s3.Bucket, key: kms.Key, actions: string[]): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions, resources: [bucket.arnForObjects('replays/*')] }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }),
  );
}

export interface ReplayStackProps extends StackProps {
  readonly concurrencyScale?: number;
}

export class ReplayStack extends Stack {
  readonly casesBucket: s3.Bucket;
  readonly resultsBucket: s3.Bucket;
  readonly deadLetterQueue: sqs.Queue;
  readonly stateMachine: sfn.StateMachine;
  readonly batchFunction: ApiFunction;
  readonly summariseFunction: ApiFunction;

  constructor(scope: Construct, id: string, props: ReplayStackProps = {}) {
    super(scope, id, props);
    // Access-log delivery is granted by a bucket policy on the log bucket, not by the legacy ACL.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    // Without this flag CDK silently drops `resultWriterV2` and the map writes no results to S3.
    this.node.setContext('@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2', true);
    const maxConcurrency = Math.max(
      1,
      Math.round(REPLAY_LIMITS.maxConcurrency * (props.concurrencyScale ?? 1)),
    );

    // Case files hold personal data (ID numbers): a customer-managed key, rotated, kept.
    const key = new kms.Key(this, 'Key', {
      description: 'Pension replays: case files, results, dead letters, alarms',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const accessLogs = accessLogBucket(this, 'AccessLogs', 'the replay buckets');

    this.casesBucket = caseDataBucket(this, 'Cases', { key, accessLogs, prefix: 'cases/' });
    this.resultsBucket = caseDataBucket(this, 'Results', { key, accessLogs, prefix: 'results/' });

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter queue of failed replay batches; nothing consumes it automatically.',
    );

    this.batchFunction = new ApiFunction(this, 'BatchFunction', {
      entry: 'functions/replay-batch/handler.ts',
      description: 'Replay one batch of cases under the baseline and candidate rulesets',
      reservedConcurrency: maxConcurrency,
      memorySize: REPLAY_LIMITS.batchMemoryMb,
      timeout: REPLAY_LIMITS.batchTimeout,
      withRulesets: true,
      environment: { RESULTS_BUCKET: this.resultsBucket.bucketName },
    });
    grantObjects(this.batchFunction.role, this.resultsBucket, key, ['s3:PutObject']);

    this.summariseFunction = new ApiFunction(this, 'SummariseFunction', {
      entry: 'functions/replay-batch/summarise.ts',
      description: 'Fold the batch results of a replay into report.json',
      reservedConcurrency: 5,
      memorySize: 1024,
      timeout: Duration.minutes(5),
      withRulesets: true,
      environment: { RESULTS_BUCKET: this.resultsBucket.bucketName },
    });
    grantObjects(this.summariseFunction.role, this.resultsBucket, key, ['s3:GetObject', 's3:PutObject']);

    // One child execution per batch: the Lambda, retried on throttling and transient faults; a
    // batch that still fails is written to the dead-letter queue (which lines, which error) and fails.
    const replayBatch = new tasks.LambdaInvoke(this, 'ReplayBatch', {
      lambdaFunction: this.batchFunction.function,
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
    });
    replayBatch.addRetry({
      errors: ['Lambda.TooManyRequestsException', 'States.Timeout'],
      interval: Duration.seconds(2),
      backoffRate: 2,
      maxAttempts: 3,
    });
    const recordFailure = new tasks.SqsSendMessage(this, 'RecordFailedBatch', {
      queue: this.deadLetterQueue,
      messageBody: sfn.TaskInput.fromObject({
        execution: sfn.JsonPath.stringAt('$$.Execution.Id'),
        resultsPrefix: sfn.JsonPath.stringAt('$.BatchInput.resultsPrefix'),
        firstLine: sfn.JsonPath.numberAt('$.Items[0].line'),
        lines: sfn.JsonPath.arrayLength(sfn.JsonPath.listAt('$.Items')),
        error: sfn.JsonPath.stringAt('$.failure.Error'),
        cause: sfn.JsonPath.stringAt('$.failure.Cause'),
      }),
      resultPath: sfn.JsonPath.DISCARD,
    });
    replayBatch.addCatch(
      recordFailure.next(new sfn.Fail(this, 'BatchFailed', { error: 'ReplayBatchFailed' })),
      {
        resultPath: '$.failure',
      },
    );

    const map = new sfn.DistributedMap(this, 'ReplayCases', {
      itemReader: new sfn.S3JsonLItemReader({
        bucket: iBucket(this.casesBucket),
        key: sfn.JsonPath.stringAt('$.casesKey'),
      }),
      // Line numbers for the report: the item index is 0-based, the file's lines 1-based.
      itemSelector: {
        line: sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt('$$.Map.Item.Index'), 1),
        case: sfn.JsonPath.objectAt('$$.Map.Item.Value'),
      },
      itemBatcher: new sfn.ItemBatcher({
        maxItemsPerBatch: REPLAY_LIMITS.maxItemsPerBatch,
        maxInputBytesPerBatch: REPLAY_LIMITS.maxInputBytesPerBatch,
        // CDK writes BatchInput as given (ItemBatcher does not render JsonPath tokens as
        // ItemSelector does), so each path is spelled with its `.$` key.
        batchInput: {
          'baseline.$': '$.baseline',
          'candidate.$': '$.candidate',
          'startedAt.$': '$$.Execution.StartTime',
          'resultsPrefix.$': "States.Format('replays/{}', $$.Execution.Name)",
        },
      }),
      maxConcurrency,
      mapExecutionType: sfn.StateMachineType.EXPRESS,
      toleratedFailurePercentage: REPLAY_LIMITS.toleratedFailurePercentage,
      resultWriterV2: new sfn.ResultWriterV2({
        bucket: iBucket(this.resultsBucket),
        prefix: 'replays/map-runs',
      }),
      resultPath: '$.map',
      label: 'ReplayCases',
    });
    map.itemProcessor(replayBatch);

    const summarise = new tasks.LambdaInvoke(this, 'Summarise', {
      lambdaFunction: this.summariseFunction.function,
      payload: sfn.TaskInput.fromObject({
        casesKey: sfn.JsonPath.stringAt('$.casesKey'),
        resultWriterDetails: sfn.JsonPath.objectAt('$.map.ResultWriterDetails'),
        spec: {
          baseline: sfn.JsonPath.stringAt('$.baseline'),
          candidate: sfn.JsonPath.stringAt('$.candidate'),
          startedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
          resultsPrefix: sfn.JsonPath.format('replays/{}', sfn.JsonPath.stringAt('$$.Execution.Name')),
        },
      }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
    });

    const executionLogs = new logs.LogGroup(this, 'ExecutionLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'Replay', {
      definitionBody: sfn.DefinitionBody.fromChainable(map.next(summarise)),
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: Duration.hours(24),
      tracingEnabled: true,
      // Every state transition is logged, without its data: inputs and outputs carry cases.
      logs: { destination: executionLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    // The map reads case files (ItemReader) and writes results (ResultWriter) through the bucket key;
    // the S3 permissions themselves come with the ItemReader and ResultWriter.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }),
    );
    acknowledge(
      this.stateMachine,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray tracing of the state machine: PutTraceSegments/PutTelemetryRecords/GetSampling* accept no resource but "*".',
    );
    acknowledge(
      this.stateMachine,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<${this.getLogicalId(this.casesBucket.node.defaultChild as s3.CfnBucket)}>/*]`,
      'The Distributed Map reads whichever case file an execution names: any object of the cases bucket, read-only.',
    );
    const logicalId = (c: IConstruct) => this.getLogicalId(c.node.defaultChild as CfnElement);
    const sm = logicalId(this.stateMachine);
    for (const fn of [this.batchFunction, this.summariseFunction]) {
      acknowledge(
        this.stateMachine,
        `AwsSolutions-IAM5[Resource::<${logicalId(fn.function)}.Arn>:*]`,
        'Invoking a Lambda function covers its versions and aliases (ARN suffix ":*"); it is one named function.',
      );
      acknowledge(
        fn.role,
        `AwsSolutions-IAM5[Resource::<${logicalId(this.resultsBucket)}.Arn>/replays/*]`,
        'A replay run writes its objects under replays/<execution>/ of the results bucket; the prefix is the narrowest fixed scope.',
      );
    }
    for (const suffix of ['', '/ReplayCases']) {
      acknowledge(
        this.stateMachine,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${sm}"}]}]}${suffix}:*]`,
        "A Distributed Map starts and watches child executions of this state machine's own map runs, whose names are not known in advance.",
      );
    }
    acknowledge(
      this.stateMachine,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<${logicalId(this.resultsBucket)}>/*]`,
      "The ResultWriter's own grant (CDK): the map writes its result files under replays/map-runs/<map run id>/ of the results bucket.",
    );
    acknowledge(
      this.stateMachine,
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'Sending to the KMS-encrypted dead-letter queue needs data keys from the one replay key (the SQS task grant); no other key is reachable.',
    );

    // Alarms: a failed replay execution, or any batch parked on the dead-letter queue.
    const alarms = new sns.Topic(this, 'Alarms', { masterKey: key, enforceSSL: true });
    key.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
    const alarmAction = new cwActions.SnsAction(alarms);
    const failedExecutions = new cloudwatch.Alarm(this, 'ReplayFailed', {
      alarmDescription:
        'A replay execution failed (too many failed batches, a bad case file, or a summary error)',
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const deadLetters = new cloudwatch.Alarm(this, 'ReplayBatchesFailed', {
      alarmDescription: 'Replay batches failed after retries; their line ranges are on the dead-letter queue',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    failedExecutions.addAlarmAction(alarmAction);
    deadLetters.addAlarmAction(alarmAction);

    new CfnOutput(this, 'CasesBucketName', { value: this.casesBucket.bucketName });
    new CfnOutput(this, 'ResultsBucketName', { value: this.resultsBucket.bucketName });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topicArn });
  }
}
