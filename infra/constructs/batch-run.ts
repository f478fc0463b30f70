/**
 * What the replay and the screening stacks build alike. Each runs a Standard state machine whose
 * Distributed Map reads a JSON Lines file from S3 and hands batches of its lines to a Lambda in
 * Express child executions, collects what the batches return in S3 (ResultWriter), and folds that
 * in a last Lambda step; an alarm fires on a failed execution. Every function here creates its
 * constructs in the stack itself under the ids the stacks gave them, so no logical id moves.
 */
import { Duration, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { acknowledge, logicalId } from '../nag.ts';
import { ApiFunction } from './api-function.ts';
import { iBucket } from './buckets.ts';
import { grantObjectActions } from './grants.ts';

/** A run's limits (REPLAY_LIMITS, SCREENING_LIMITS). */
export interface BatchRunLimits {
  /** Lines per child batch (one Lambda invocation). */
  readonly maxItemsPerBatch: number;
  /** Step Functions caps a batch's input at 256 KiB; stay under it with room for BatchInput. */
  readonly maxInputBytesPerBatch: number;
  /** Child batches running at once (= the batch Lambda's reserved concurrency), before scaling. */
  readonly maxConcurrency: number;
  /** Share of batches that may fail before the whole run fails. */
  readonly toleratedFailurePercentage: number;
  readonly batchTimeout: Duration;
  readonly batchMemoryMb: number;
}

/** The feature flags a run needs, set on its stack before anything is created. */
export function setBatchRunFlags(stack: Stack): void {
  // Access-log delivery is granted by a bucket policy on the log bucket, not by the legacy ACL.
  stack.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
  // Without this flag CDK silently drops `resultWriterV2` and the map writes no results to S3.
  stack.node.setContext('@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2', true);
}

export interface RunFunctionsProps {
  readonly limits: BatchRunLimits;
  readonly maxConcurrency: number;
  /** The run's results bucket (RESULTS_BUCKET) and its data key. */
  readonly results: s3.Bucket;
  readonly key: kms.IKey;
  /** Where in the results bucket the functions keep a run's objects, and why that prefix (cdk-nag). */
  readonly objects: { readonly prefix: string; readonly why: string };
  readonly batch: { readonly entry: string; readonly description: string };
  readonly summarise: { readonly entry: string; readonly description: string };
}

/**
 * The run's two functions, both reading the rulesets and writing under RESULTS_BUCKET: the batch
 * function, one invocation per child batch and as many at once as the map runs, puts objects; the
 * summarise function, which folds the batches' results, gets and puts them.
 */
export function runFunctions(
  stack: Stack,
  props: RunFunctionsProps,
): { batch: ApiFunction; summarise: ApiFunction } {
  const environment = { RESULTS_BUCKET: props.results.bucketName };
  const batch = new ApiFunction(stack, 'BatchFunction', {
    ...props.batch,
    reservedConcurrency: props.maxConcurrency,
    memorySize: props.limits.batchMemoryMb,
    timeout: props.limits.batchTimeout,
    withRulesets: true,
    environment,
  });
  grantRunObjects(batch, props.results, props.key, { actions: ['s3:PutObject'], ...props.objects });
  const summarise = new ApiFunction(stack, 'SummariseFunction', {
    ...props.summarise,
    reservedConcurrency: 5,
    memorySize: 1024,
    timeout: Duration.minutes(5),
    withRulesets: true,
    environment,
  });
  grantRunObjects(summarise, props.results, props.key, {
    actions: ['s3:GetObject', 's3:PutObject'],
    ...props.objects,
  });
  return { batch, summarise };
}

/**
 * `actions` on the objects under `prefix` of one of the run's buckets for a run's function, with
 * the data key's Decrypt and GenerateDataKey; the object wildcard is acknowledged with `why`.
 */
export function grantRunObjects(
  fn: ApiFunction,
  bucket: s3.Bucket,
  key: kms.IKey,
  objects: { actions: string[]; prefix: string; why: string },
): void {
  grantObjectActions(fn.role, bucket, key, {
    ...objects,
    kmsActions: ['kms:Decrypt', 'kms:GenerateDataKey'],
  });
}

/** A step invoking a run's function: its answer is the step's output; Lambda's transient faults are retried. */
export function lambdaStep(
  stack: Stack,
  id: string,
  fn: ApiFunction,
  options: { payload?: sfn.TaskInput; resultPath?: string } = {},
): tasks.LambdaInvoke {
  return new tasks.LambdaInvoke(stack, id, {
    lambdaFunction: fn.function,
    ...options,
    payloadResponseOnly: true,
    retryOnServiceExceptions: true,
  });
}

/** The map's child step, one batch: the batch function, also retried when throttled or timed out. */
export function batchStep(stack: Stack, id: string, fn: ApiFunction): tasks.LambdaInvoke {
  const step = lambdaStep(stack, id, fn);
  step.addRetry({
    errors: ['Lambda.TooManyRequestsException', 'States.Timeout'],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 3,
  });
  return step;
}

export interface BatchMapProps {
  /** The JSON Lines file: its bucket, and the path of its key in the state. */
  readonly items: { readonly bucket: s3.Bucket; readonly keyPath: string };
  readonly itemSelector: Record<string, unknown>;
  /**
   * Every batch's BatchInput, each path spelled with its `.$` key: CDK writes BatchInput as given
   * (ItemBatcher does not render JsonPath tokens as ItemSelector does), or every batch would
   * receive the path text itself.
   */
  readonly batchInput: Record<string, string>;
  readonly limits: BatchRunLimits;
  readonly maxConcurrency: number;
  /** Where the ResultWriter writes every batch's answer. */
  readonly results: { readonly bucket: s3.Bucket; readonly prefix: string };
  /** The child step (batchStep), with what follows it. */
  readonly batch: sfn.IChainable;
}

/** The Distributed Map (also its label, `id`): batches of lines in Express children; the map's result at `$.map`. */
export function batchMap(stack: Stack, id: string, props: BatchMapProps): sfn.DistributedMap {
  const map = new sfn.DistributedMap(stack, id, {
    itemReader: new sfn.S3JsonLItemReader({
      bucket: iBucket(props.items.bucket),
      key: sfn.JsonPath.stringAt(props.items.keyPath),
    }),
    itemSelector: props.itemSelector,
    itemBatcher: new sfn.ItemBatcher({
      maxItemsPerBatch: props.limits.maxItemsPerBatch,
      maxInputBytesPerBatch: props.limits.maxInputBytesPerBatch,
      batchInput: props.batchInput,
    }),
    maxConcurrency: props.maxConcurrency,
    mapExecutionType: sfn.StateMachineType.EXPRESS,
    toleratedFailurePercentage: props.limits.toleratedFailurePercentage,
    resultWriterV2: new sfn.ResultWriterV2({
      bucket: iBucket(props.results.bucket),
      prefix: props.results.prefix,
    }),
    resultPath: '$.map',
    label: id,
  });
  map.itemProcessor(props.batch);
  return map;
}

export interface RunStateMachineProps {
  readonly definition: sfn.IChainable;
  readonly timeout: Duration;
  /** The run's data key: the map reads and writes its files through it. */
  readonly key: kms.IKey;
  /** The Distributed Map's label: its child executions are named after it. */
  readonly mapLabel: string;
  /** Every function a step invokes. */
  readonly functions: readonly ApiFunction[];
}

/**
 * The run's Standard state machine, traced, every state transition logged without its data (the
 * inputs and outputs carry cases or ID numbers), and the cdk-nag findings every run has.
 */
export function runStateMachine(stack: Stack, id: string, props: RunStateMachineProps): sfn.StateMachine {
  const executionLogs = new logs.LogGroup(stack, 'ExecutionLogs', {
    retention: logs.RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const stateMachine = new sfn.StateMachine(stack, id, {
    definitionBody: sfn.DefinitionBody.fromChainable(props.definition),
    stateMachineType: sfn.StateMachineType.STANDARD,
    timeout: props.timeout,
    tracingEnabled: true,
    logs: { destination: executionLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
  });
  // The map reads (ItemReader) and writes (ResultWriter) through the bucket key; the S3 permissions
  // themselves come with the ItemReader and ResultWriter.
  stateMachine.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [props.key.keyArn],
    }),
  );
  acknowledge(
    stateMachine,
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray tracing of the state machine: PutTraceSegments/PutTelemetryRecords/GetSampling* accept no resource but "*".',
  );
  for (const fn of props.functions) {
    acknowledge(
      stateMachine,
      `AwsSolutions-IAM5[Resource::<${logicalId(fn.function)}.Arn>:*]`,
      'Invoking a Lambda function covers its versions and aliases (ARN suffix ":*"); it is one named function.',
    );
  }
  for (const suffix of ['', `/${props.mapLabel}`]) {
    acknowledge(
      stateMachine,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalId(stateMachine)}"}]}]}${suffix}:*]`,
      "A Distributed Map starts and watches child executions of this state machine's own map runs, whose names are not known in advance.",
    );
  }
  return stateMachine;
}

/** The run's alarm topic, on its data key, which CloudWatch may therefore use to publish. */
export function alarmTopic(stack: Stack, key: kms.Key): { topic: sns.Topic; action: cwActions.SnsAction } {
  const topic = new sns.Topic(stack, 'Alarms', { masterKey: key, enforceSSL: true });
  key.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
  return { topic, action: new cwActions.SnsAction(topic) };
}

/** An alarm that notifies `action` when `metric` reaches 1 in a period; no data is no alarm. */
export function alarmAtOne(
  stack: Stack,
  id: string,
  props: { description: string; metric: cloudwatch.IMetric; action: cloudwatch.IAlarmAction },
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(stack, id, {
    alarmDescription: props.description,
    metric: props.metric,
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(props.action);
  return alarm;
}

/** The alarm on a failed execution of the run (failed executions in 5 minutes ≥ 1). */
export function failedRunAlarm(
  stack: Stack,
  id: string,
  props: { description: string; stateMachine: sfn.StateMachine; action: cloudwatch.IAlarmAction },
): cloudwatch.Alarm {
  return alarmAtOne(stack, id, {
    description: props.description,
    metric: props.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
    action: props.action,
  });
}
