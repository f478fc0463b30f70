/**
 * cdk-nag (v3) findings are acknowledged with CDK's own `Validations.of(scope).acknowledge`, which
 * applies to the scope and everything under it. Every acknowledgement carries its reason; the infra
 * tests read them back and fail on an empty one.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** `rule` is the full finding id, e.g. 'AwsSolutions-IAM5[Resource::*]'. */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: rule, reason });
}

/** The logical id by which cdk-nag's finding ids name a construct's resource (`<Id>`, `<Id.Arn>`). */
export function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}
