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
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { scaledConcurrency } from '../concurrency.ts';
import type { ApiFunction } from '../constructs/api-function.ts';
import * as run from '../constructs/batch-run.ts';
import { accessLogBucket, caseDataBucket } from '../constructs/buckets.ts';
import { dataKey } from '../constructs/data-key.ts';
import { acknowledge, logicalId } from '../nag.ts';

/** The replay's limits, documented in docs/infra.md. */
export const REPLAY_LIMITS: run.BatchRunLimits = {
  /** Cases per child batch (one Lambda invocation). */
  maxItemsPerBatch: 250,
  maxInputBytesPerBatch: 240 * 1024,
  maxConcurrency: 100,
  toleratedFailurePercentage: 5,
  batchTimeout: Duration.minutes(5),
  batchMemoryMb: 1769, // one full vCPU
};

/** What a replay's functions write: objects under replays/ of the results bucket. */
const REPLAY_OBJECTS = {
  prefix: 'replays/*',
  why: 'A replay run writes its objects under replays/<execution>/ of the results bucket; the prefix is the narrowest fixed scope.',
};

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
    run.setBatchRunFlags(this);
    const maxConcurrency = scaledConcurrency(REPLAY_LIMITS.maxConcurrency, props.concurrencyScale);

    // Case files hold personal data (ID numbers): a customer-managed key, rotated, kept.
    const key = dataKey(this, 'Pension replays: case files, results, dead letters, alarms');

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

    const results = this.resultsBucket;
    ({ batch: this.batchFunction, summarise: this.summariseFunction } = run.runFunctions(this, {
      limits: REPLAY_LIMITS,
      maxConcurrency,
      results,
      key,
      objects: REPLAY_OBJECTS,
      batch: {
        entry: 'functions/replay-batch/handler.ts',
        description: 'Replay one batch of cases under the baseline and candidate rulesets',
      },
      summarise: {
        entry: 'functions/replay-batch/summarise.ts',
        description: 'Fold the batch results of a replay into report.json',
      },
    }));

    // One child execution per batch: the Lambda, retried on throttling and transient faults; a
    // batch that still fails is written to the dead-letter queue (which lines, which error) and fails.
    const replayBatch = run.batchStep(this, 'ReplayBatch', this.batchFunction);
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

    const map = run.batchMap(this, 'ReplayCases', {
      items: { bucket: this.casesBucket, keyPath: '$.casesKey' },
      // Line numbers for the report: the item index is 0-based, the file's lines 1-based.
      itemSelector: {
        line: sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt('$$.Map.Item.Index'), 1),
        case: sfn.JsonPath.objectAt('$$.Map.Item.Value'),
      },
      batchInput: {
        'baseline.$': '$.baseline',
        'candidate.$': '$.candidate',
        'startedAt.$': '$$.Execution.StartTime',
        'resultsPrefix.$': "States.Format('replays/{}', $$.Execution.Name)",
      },
      limits: REPLAY_LIMITS,
      maxConcurrency,
      results: { bucket: results, prefix: 'replays/map-runs' },
      batch: replayBatch,
    });

    const summarise = run.lambdaStep(this, 'Summarise', this.summariseFunction, {
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
    });

    this.stateMachine = run.runStateMachine(this, 'Replay', {
      definition: map.next(summarise),
      timeout: Duration.hours(24),
      key,
      mapLabel: 'ReplayCases',
      functions: [this.batchFunction, this.summariseFunction],
    });
    acknowledge(
      this.stateMachine,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<${logicalId(this.casesBucket)}>/*]`,
      'The Distributed Map reads whichever case file an execution names: any object of the cases bucket, read-only.',
    );
    acknowledge(
      this.stateMachine,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<${logicalId(results)}>/*]`,
      "The ResultWriter's own grant (CDK): the map writes its result files under replays/map-runs/<map run id>/ of the results bucket.",
    );
    acknowledge(
      this.stateMachine,
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'Sending to the KMS-encrypted dead-letter queue needs data keys from the one replay key (the SQS task grant); no other key is reachable.',
    );

    // Alarms: a failed replay execution, or any batch parked on the dead-letter queue.
    const alarms = run.alarmTopic(this, key);
    run.failedRunAlarm(this, 'ReplayFailed', {
      description: 'A replay execution failed (too many failed batches, a bad case file, or a summary error)',
      stateMachine: this.stateMachine,
      action: alarms.action,
    });
    run.alarmAtOne(this, 'ReplayBatchesFailed', {
      description: 'Replay batches failed after retries; their line ranges are on the dead-letter queue',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      action: alarms.action,
    });

    new CfnOutput(this, 'CasesBucketName', { value: this.casesBucket.bucketName });
    new CfnOutput(this, 'ResultsBucketName', { value: results.bucketName });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
  }
}
