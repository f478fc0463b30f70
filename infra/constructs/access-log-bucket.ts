/**
 * The server-access-log bucket of the buckets that hold case data. Access logs cannot be delivered
 * to an SSE-KMS bucket, so this one uses SSE-S3; it keeps a year of logs and is retained.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';

export function accessLogBucket(scope: Construct, id: string, logsOf: string): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledge(
    bucket,
    'AwsSolutions-S1',
    `This is the access-log bucket of ${logsOf}; logging it into itself would loop.`,
  );
  return bucket;
}
