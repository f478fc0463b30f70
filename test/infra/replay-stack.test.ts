/**
 * The replay stack, pinned: a Distributed Map over JSON Lines in S3 with batching, Express child
 * executions, results to S3, failures to an encrypted dead-letter queue, alarms on both; buckets
 * encrypted, private, TLS-only, versioned and access-logged.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { REPLAY_LIMITS } from '../../infra/stacks/replay-stack.ts';
import {
  buildApp,
  expectRunMap,
  logicalIdOf,
  RUN_STATE_MACHINE,
  resourcesOf,
  stateMachineDefinition,
} from './support.ts';

const built = buildApp();
afterAll(() => built.cleanup());
const { replay, replayTemplate: template } = built;

describe('replay state machine', () => {
  const { States: states } = stateMachineDefinition(template);
  const map = states.ReplayCases as Record<string, unknown>;

  it('is a Standard state machine, traced, logging every event without execution data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', RUN_STATE_MACHINE);
  });

  it('maps over a JSON Lines case file in S3, in batches, with Express children', () => {
    expectRunMap(map, '$.casesKey');
    // Paths, not text: each batch gets the execution's rulesets, not the string "$.baseline".
    expect(map.ItemBatcher).toEqual({
      MaxItemsPerBatch: REPLAY_LIMITS.maxItemsPerBatch,
      MaxInputBytesPerBatch: REPLAY_LIMITS.maxInputBytesPerBatch,
      BatchInput: {
        'baseline.$': '$.baseline',
        'candidate.$': '$.candidate',
        'startedAt.$': '$$.Execution.StartTime',
        'resultsPrefix.$': "States.Format('replays/{}', $$.Execution.Name)",
      },
    });
    expect(map.MaxConcurrency).toBe(REPLAY_LIMITS.maxConcurrency);
    expect(map.ToleratedFailurePercentage).toBe(REPLAY_LIMITS.toleratedFailurePercentage);
    expect(map.ItemSelector).toEqual({
      'line.$': 'States.MathAdd($$.Map.Item.Index, 1)',
      'case.$': '$$.Map.Item.Value',
    });
  });

  it('sends a failed batch to the dead-letter queue (line range and error, no case data), then fails it', () => {
    const processor = (map.ItemProcessor as { States: Record<string, Record<string, unknown>> }).States;
    const batch = processor.ReplayBatch as { Catch: { Next: string }[]; Retry: unknown[] };
    expect(batch.Catch[0]?.Next).toBe('RecordFailedBatch');
    expect(batch.Retry.length).toBeGreaterThan(0);
    const dlq = processor.RecordFailedBatch as {
      Parameters: { MessageBody: Record<string, string> };
      Next: string;
    };
    expect(Object.keys(dlq.Parameters.MessageBody).sort()).toEqual(
      ['cause.$', 'error.$', 'execution.$', 'firstLine.$', 'lines.$', 'resultsPrefix.$'].sort(),
    );
    expect(JSON.stringify(dlq.Parameters.MessageBody)).not.toContain('Items[*]');
    expect(processor[dlq.Next]?.Type).toBe('Fail');
  });

  it('summarises after the map', () => {
    expect(map.Next).toBe('Summarise');
    expect(states.Summarise?.End).toBe(true);
  });
});

describe('replay data', () => {
  const buckets = resourcesOf(template, 'AWS::S3::Bucket');

  it('three buckets: cases and results on the KMS key and access-logged; the log bucket on SSE-S3', () => {
    expect(Object.keys(buckets)).toHaveLength(3);
    for (const bucket of [replay.casesBucket, replay.resultsBucket]) {
      const p = buckets[logicalIdOf(replay, bucket)]?.Properties as Record<string, unknown>;
      expect(JSON.stringify(p.BucketEncryption)).toContain('aws:kms');
      expect(p.LoggingConfiguration).toMatchObject({ DestinationBucketName: expect.anything() });
    }
  });

  it('every bucket: public access blocked, versioned, retained, TLS enforced by its policy', () => {
    for (const [id, b] of Object.entries(buckets)) {
      expect(b.Properties?.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(b.Properties?.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(b.DeletionPolicy).toBe('Retain');
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('the dead-letter queue is KMS-encrypted and TLS-only', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('alarms on failed executions and on dead letters, both notifying the topic', () => {
    const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'));
    expect(alarms.map((a) => a.Properties?.MetricName).sort()).toEqual([
      'ApproximateNumberOfMessagesVisible',
      'ExecutionsFailed',
    ]);
    for (const a of alarms) {
      expect(a.Properties?.Threshold).toBe(1);
      expect(a.Properties?.AlarmActions).toHaveLength(1);
    }
  });
});

describe('replay functions', () => {
  it('the batch Lambda: Node.js 24 arm64, traced, reserved concurrency = map concurrency, rulesets bundled', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      ReservedConcurrentExecutions: REPLAY_LIMITS.maxConcurrency,
      MemorySize: REPLAY_LIMITS.batchMemoryMb,
      Environment: { Variables: Match.objectLike({ RULESETS_DIR: '/var/task/rulesets' }) },
    });
    for (const g of Object.values(resourcesOf(template, 'AWS::Logs::LogGroup'))) {
      expect(g.Properties?.RetentionInDays).toBe(90);
    }
  });
});
