/**
 * Coverage screening (应保尽保) at scale, as the replay runs (./replay-stack.ts): a Step Functions
 * state machine whose first step reads the lists from the lists bucket into one JSON Lines file of
 * bundles (one person's pseudonymised records a line), whose Distributed Map hands batches of bundles
 * to a Lambda running the local run's per-batch code (functions/screening/batch.ts), collecting the
 * tallies in S3 (ResultWriter), and whose last step folds them into summary.json and summary.csv.
 * An alarm fires on a failed execution. docs/screening.md has the execution input.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { scaledConcurrency } from '../concurrency.ts';
import { ApiFunction } from '../constructs/api-function.ts';
import * as run from '../constructs/batch-run.ts';
import { accessLogBucket, caseDataBucket } from '../constructs/buckets.ts';
import { dataKey } from '../constructs/data-key.ts';
import { pseudonymKeySecret } from '../constructs/pseudonym-key.ts';
import { acknowledge, logicalId } from '../nag.ts';

/** The screening's limits, documented in docs/screening.md. */
export const SCREENING_LIMITS = {
  /** Bundles (persons) per child batch: a bundle is 0.3–1 KB of JSON. */
  maxItemsPerBatch: 200,
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

/** Why a screening's functions reach objects under a bucket prefix (cdk-nag IAM5). */
const OBJECTS_WHY =
  'A screening reads any list object an execution names, and writes under screenings/<execution>/: the narrowest fixed scope.';

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
    run.setBatchRunFlags(this);
    const maxConcurrency = scaledConcurrency(SCREENING_LIMITS.maxConcurrency, props.concurrencyScale);

    // The lists hold ID numbers: a customer-managed key, rotated, kept.
    const key = dataKey(this, 'Pension coverage screening: lists, results, alarms');
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
    const screeningObjects = { prefix: 'screenings/*', why: OBJECTS_WHY };

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
    run.grantRunObjects(this.prepareFunction, this.listsBucket, key, {
      actions: ['s3:GetObject'],
      prefix: '*',
      why: OBJECTS_WHY,
    });
    run.grantRunObjects(this.prepareFunction, results, key, {
      actions: ['s3:PutObject'],
      ...screeningObjects,
    });

    ({ batch: this.batchFunction, summarise: this.summariseFunction } = run.runFunctions(this, {
      limits: SCREENING_LIMITS,
      maxConcurrency,
      results,
      key,
      objects: screeningObjects,
      batch: {
        entry: 'functions/screening-batch/handler.ts',
        description: 'Classify one batch of persons of a coverage screening',
      },
      summarise: {
        entry: 'functions/screening-batch/summarise.ts',
        description: 'Fold the batch tallies of a screening into its summary',
      },
    }));
    // The map's result files are written under the ResultWriter's prefix.
    run.grantRunObjects(this.summariseFunction, results, key, {
      actions: ['s3:GetObject'],
      prefix: 'screening-map-runs/*',
      why: OBJECTS_WHY,
    });

    const resultsPrefix = sfn.JsonPath.format('screenings/{}', sfn.JsonPath.stringAt('$$.Execution.Name'));
    const prepare = run.lambdaStep(this, 'Prepare', this.prepareFunction, {
      payload: sfn.TaskInput.fromObject({
        month: sfn.JsonPath.stringAt('$.month'),
        ruleset: sfn.JsonPath.stringAt('$.ruleset'),
        lists: sfn.JsonPath.listAt('$.lists'),
        resultsPrefix,
      }),
      resultPath: '$.prepared',
    });

    const screenBatch = run.batchStep(this, 'ScreenBatch', this.batchFunction);
    const map = run.batchMap(this, 'ScreenPersons', {
      items: { bucket: results, keyPath: '$.prepared.bundlesKey' },
      // The bundle's place in the file orders the persons' parts.
      itemSelector: {
        index: sfn.JsonPath.numberAt('$$.Map.Item.Index'),
        bundle: sfn.JsonPath.objectAt('$$.Map.Item.Value'),
      },
      batchInput: {
        'month.$': '$.month',
        'ruleset.$': '$.prepared.ruleset',
        'resultsPrefix.$': "States.Format('screenings/{}', $$.Execution.Name)",
      },
      limits: SCREENING_LIMITS,
      maxConcurrency,
      results: { bucket: results, prefix: 'screening-map-runs' },
      batch: screenBatch,
    });

    const summarise = run.lambdaStep(this, 'Summarise', this.summariseFunction, {
      payload: sfn.TaskInput.fromObject({
        month: sfn.JsonPath.stringAt('$.month'),
        ruleset: sfn.JsonPath.stringAt('$.prepared.ruleset'),
        resultsPrefix,
        resultWriterDetails: sfn.JsonPath.objectAt('$.map.ResultWriterDetails'),
      }),
    });

    this.stateMachine = run.runStateMachine(this, 'Screening', {
      definition: prepare.next(map).next(summarise),
      timeout: Duration.hours(12),
      key,
      mapLabel: 'ScreenPersons',
      functions: [this.prepareFunction, this.batchFunction, this.summariseFunction],
    });
    acknowledge(
      this.stateMachine,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<${logicalId(results)}>/*]`,
      'The Distributed Map reads the bundle file of its execution and its ResultWriter writes result files: objects of the results bucket.',
    );

    const alarms = run.alarmTopic(this, key);
    run.failedRunAlarm(this, 'ScreeningFailed', {
      description:
        'A screening execution failed (a batch failed after retries, a list unreadable, a summary error)',
      stateMachine: this.stateMachine,
      action: alarms.action,
    });

    new CfnOutput(this, 'ListsBucketName', { value: this.listsBucket.bucketName });
    new CfnOutput(this, 'ResultsBucketName', { value: results.bucketName });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'PseudonymKeySecretArn', { value: this.pseudonymKey.secretArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
  }
}
