/**
 * A stack's customer-managed KMS key for its data: rotated yearly by KMS, and kept when the stack
 * goes, since destroying it would leave everything it encrypted (the retained tables, buckets and
 * secrets) unreadable.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

export function dataKey(scope: Construct, description: string): kms.Key {
  return new kms.Key(scope, 'Key', {
    description,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
