/**
 * Builds the CDK app the way infra/app.ts does, without bundling (tests check the templates, not
 * the code; bundling is proven once by the real `cdk synth` test) and into a temporary cloud
 * assembly folder the caller removes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import { ReplayStack } from '../../infra/stacks/replay-stack.ts';
import { ServiceStack } from '../../infra/stacks/service-stack.ts';

export interface Built {
  readonly app: App;
  readonly service: ServiceStack;
  readonly replay: ReplayStack;
  readonly serviceTemplate: Template;
  readonly replayTemplate: Template;
  readonly cleanup: () => void;
}

/** An app that skips bundling and writes to a temporary folder `cleanup` removes. */
export function testApp(): { app: App; cleanup: () => void } {
  const outdir = mkdtempSync(join(tmpdir(), 'pension-cdk-test-'));
  return {
    app: new App({ context: { 'aws:cdk:bundling-stacks': [] }, outdir }),
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

export function buildApp(): Built {
  const { app, cleanup } = testApp();
  const service = new ServiceStack(app, 'PensionService');
  const replay = new ReplayStack(app, 'PensionReplay');
  return {
    app,
    service,
    replay,
    serviceTemplate: Template.fromStack(service),
    replayTemplate: Template.fromStack(replay),
    cleanup,
  };
}

export type Resources = Record<
  string,
  { Type: string; Properties?: Record<string, unknown>; [k: string]: unknown }
>;

export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** Every IAM policy statement of a stack, with the logical ids of the roles it is attached to. */
export function statementsOf(template: Template): { roles: string[]; statement: Statement }[] {
  const out: { roles: string[]; statement: Statement }[] = [];
  for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
    const props = policy.Properties as {
      PolicyDocument: { Statement: Statement[] };
      Roles?: { Ref: string }[];
    };
    const roles = (props.Roles ?? []).map((r) => r.Ref);
    for (const statement of props.PolicyDocument.Statement) out.push({ roles, statement });
  }
  return out;
}

/** Whether a CloudFormation value mentions a logical id (Ref or Fn::GetAtt anywhere inside it). */
export function mentions(value: unknown, logicalId: string): boolean {
  return JSON.stringify(value).includes(`"${logicalId}"`) || JSON.stringify(value).includes(`"${logicalId}.`);
}

export function logicalIdOf(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as Parameters<Stack['getLogicalId']>[0]);
}

/** A template's one state machine definition: the Fn::Join parts with every reference written as REF. */
export function stateMachineDefinition(template: Template): {
  StartAt: string;
  States: Record<string, Record<string, unknown>>;
} {
  const sm = Object.values(resourcesOf(template, 'AWS::StepFunctions::StateMachine'))[0];
  const body = sm?.Properties?.DefinitionString as { 'Fn::Join': [string, unknown[]] } | undefined;
  if (!body) throw new Error('no state machine');
  const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'REF')).join('');
  return JSON.parse(text);
}

/**
 * The state machine of a run at scale (replay, screening): Standard, traced, every event logged
 * without execution data (which carries cases or ID numbers).
 */
export const RUN_STATE_MACHINE = {
  StateMachineType: 'STANDARD',
  TracingConfiguration: { Enabled: true },
  LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
};

/**
 * A run's Distributed Map (a state of stateMachineDefinition): it reads the JSON Lines file whose
 * key is at `keyPath` in the state, runs its batches as Express child executions and writes their
 * results to S3.
 */
export function expectRunMap(map: Record<string, unknown>, keyPath: string): void {
  expect(map.Type).toBe('Map');
  expect(map.ItemReader).toMatchObject({
    Resource: 'arn:REF:states:::s3:getObject', // REF: the partition
    ReaderConfig: { InputType: 'JSONL' },
    Parameters: { 'Key.$': keyPath },
  });
  expect(map.ItemProcessor).toMatchObject({
    ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
  });
  expect(map.ResultWriter).toMatchObject({ Resource: 'arn:REF:states:::s3:putObject' });
}
