/**
 * The screening stack, pinned at synth: a Prepare step, then a Distributed Map over the bundle file
 * in S3 in batches with Express children, results to S3, then a Summarise step; buckets encrypted,
 * private and TLS-only; no cdk-nag finding left unacknowledged.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { SCREENING_LIMITS, ScreeningStack } from '../../infra/stacks/screening-stack.ts';
import { expectRunMap, RUN_STATE_MACHINE, resourcesOf, stateMachineDefinition, testApp } from './support.ts';

const { app, cleanup } = testApp();
afterAll(cleanup);
const stack = new ScreeningStack(app, 'PensionScreening');
const template = Template.fromStack(stack);

describe('screening state machine', () => {
  const definition = stateMachineDefinition(template);
  const states = definition.States;
  const map = states.ScreenPersons as Record<string, unknown>;

  it('prepares the bundle file, maps over it, then summarises', () => {
    expect(definition.StartAt).toBe('Prepare');
    expect(states.Prepare?.Next).toBe('ScreenPersons');
    expect(map.Next).toBe('Summarise');
    expect(states.Summarise?.End).toBe(true);
  });

  it('maps over the JSON Lines bundle file in S3, in batches, with Express children and no tolerated failure', () => {
    expectRunMap(map, '$.prepared.bundlesKey');
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
    // Absent means 0: Step Functions fails the map run at its first failed batch.
    expect(map.ToleratedFailurePercentage ?? 0).toBe(0);
    expect(map.ToleratedFailureCount ?? 0).toBe(0);
  });

  it('is a Standard state machine, traced, logging without execution data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', RUN_STATE_MACHINE);
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
