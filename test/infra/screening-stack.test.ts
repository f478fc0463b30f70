/**
 * The screening stack, pinned at synth: a Prepare step, then a Distributed Map over the bundle file
 * in S3 in batches with Express children, results to S3, then a Summarise step; buckets encrypted,
 * private and TLS-only; no cdk-nag finding left unacknowledged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { SCREENING_LIMITS, ScreeningStack } from '../../infra/stacks/screening-stack.ts';
import { resourcesOf } from './support.ts';

const outdir = mkdtempSync(join(tmpdir(), 'pension-cdk-screening-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));
const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, outdir });
const stack = new ScreeningStack(app, 'PensionScreening');
const template = Template.fromStack(stack);

function definition(): Record<string, Record<string, Record<string, unknown>>> {
  const sm = Object.values(resourcesOf(template, 'AWS::StepFunctions::StateMachine'))[0];
  const body = sm?.Properties?.DefinitionString as { 'Fn::Join': [string, unknown[]] } | undefined;
  if (!body) throw new Error('no state machine');
  const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'REF')).join('');
  return JSON.parse(text) as Record<string, Record<string, Record<string, unknown>>>;
}

describe('screening state machine', () => {
  const states = definition().States as Record<string, Record<string, unknown>>;
  const map = states.ScreenPersons as Record<string, unknown>;

  it('prepares the bundle file, maps over it, then summarises', () => {
    expect(definition().StartAt).toBe('Prepare');
    expect(states.Prepare?.Next).toBe('ScreenPersons');
    expect(map.Next).toBe('Summarise');
    expect(states.Summarise?.End).toBe(true);
  });

  it('maps over the JSON Lines bundle file in S3, in batches, with Express children and no tolerated failure', () => {
    expect(map.Type).toBe('Map');
    expect(map.ItemReader).toMatchObject({
      Resource: 'arn:REF:states:::s3:getObject',
      ReaderConfig: { InputType: 'JSONL' },
      Parameters: { 'Key.$': '$.prepared.bundlesKey' },
    });
    expect(map.ItemBatcher).toMatchObject({
      MaxItemsPerBatch: SCREENING_LIMITS.maxItemsPerBatch,
      MaxInputBytesPerBatch: SCREENING_LIMITS.maxInputBytesPerBatch,
      BatchInput: {
        'month.$': '$.month',
        'ruleset.$': '$.prepared.ruleset',
        'resultsPrefix.$': "States.Format('screenings/{}', $$.Execution.Name)",
      },
    });
    expect(map.ItemSelector).toEqual({ 'index.$': '$$.Map.Item.Index', 'bundle.$': '$$.Map.Item.Value' });
    expect(map.ItemProcessor).toMatchObject({
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
    });
    // Absent means 0: Step Functions fails the map run at its first failed batch.
    expect(map.ToleratedFailurePercentage ?? 0).toBe(0);
    expect(map.ToleratedFailureCount ?? 0).toBe(0);
    expect(map.ResultWriter).toMatchObject({ Resource: 'arn:REF:states:::s3:putObject' });
  });

  it('is a Standard state machine, traced, logging without execution data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
  });
});

describe('screening data and functions', () => {
  it('lists and results on the KMS key, the lists expiring after 30 days', () => {
    const buckets = resourcesOf(template, 'AWS::S3::Bucket');
    const lists = buckets[stack.getLogicalId(stack.listsBucket.node.defaultChild as never)]?.Properties ?? {};
    expect(JSON.stringify(lists.BucketEncryption)).toContain('aws:kms');
    expect(JSON.stringify(lists.LifecycleConfiguration)).toContain('"ExpirationInDays":30');
    for (const b of Object.values(buckets)) {
      expect(b.Properties?.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicAcls: true });
    }
  });

  it('the prepare function reads the pseudonymisation key through the secrets extension', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          PSEUDONYM_KEY_SECRET: Match.anyValue(),
          LISTS_BUCKET: Match.anyValue(),
        }),
      },
      Timeout: 900,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: SCREENING_LIMITS.maxConcurrency,
      Environment: { Variables: Match.objectLike({ RULESETS_DIR: '/var/task/rulesets' }) },
    });
  });

  it('has no cdk-nag finding left unacknowledged', () => {
    const report = new AwsSolutionsChecks(app, { verbose: true }).validateScope(stack);
    expect(
      report.violations.map(
        (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
  });
});
