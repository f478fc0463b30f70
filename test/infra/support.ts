/**
 * Builds the CDK app the way infra/app.ts does, without bundling (tests check the templates, not
 * the code; bundling is proven once by the real `cdk synth` test) and into a temporary cloud
 * assembly folder the caller removes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
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

export function buildApp(): Built {
  const outdir = mkdtempSync(join(tmpdir(), 'pension-cdk-test-'));
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, outdir });
  const service = new ServiceStack(app, 'PensionService');
  const replay = new ReplayStack(app, 'PensionReplay');
  return {
    app,
    service,
    replay,
    serviceTemplate: Template.fromStack(service),
    replayTemplate: Template.fromStack(replay),
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
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
